#include "sources/csv_rows.h"

#include <csv.h>
#include <fmt/format.h>

#include <array>

#include "common/strings.h"

namespace fiducia {
namespace {

// How much of a file the dialect is told from: its first line, within reason.
constexpr size_t kHeadBytes = size_t{64} << 10;
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// libcsv takes plain function pointers: one per line ending, and per whether a tab delimits fields
// (then it must not be trimmed as a space). The other line-ending byte is trimmed like a space, so
// that a CRLF's CR leaves unquoted fields and a bare CR inside a field stays there.
int EndsLineLf(unsigned char c) { return c == '\n'; }
int EndsLineCr(unsigned char c) { return c == '\r'; }
int IsSpaceLf(unsigned char c) { return c == ' ' || c == '\t' || c == '\r'; }
int IsSpaceCr(unsigned char c) { return c == ' ' || c == '\t' || c == '\n'; }
int IsSpaceLfTabbed(unsigned char c) { return c == ' ' || c == '\r'; }
int IsSpaceCrTabbed(unsigned char c) { return c == ' ' || c == '\n'; }

void Configure(csv_parser& parser, const CsvDialect& dialect) {
  const bool lf = dialect.terminator == '\n';
  const bool tabbed = dialect.delimiter == '\t';
  csv_set_delim(&parser, static_cast<unsigned char>(dialect.delimiter));
  csv_set_term_func(&parser, lf ? EndsLineLf : EndsLineCr);
  if (tabbed) {
    csv_set_space_func(&parser, lf ? IsSpaceLfTabbed : IsSpaceCrTabbed);
  } else {
    csv_set_space_func(&parser, lf ? IsSpaceLf : IsSpaceCr);
  }
}

// Whether libcsv starts a record on this text: anything but blanks and line endings does.
bool HasContent(std::string_view piece) {
  return piece.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

char MostFrequentDelimiter(std::string_view line) {
  constexpr std::array<char, 3> kCandidates = {',', ';', '\t'};
  std::array<size_t, 3> counts{};
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    for (size_t i = 0; !quoted && i < kCandidates.size(); ++i) counts[i] += c == kCandidates[i];
  }
  size_t best = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return kCandidates[best];
}

}  // namespace

CsvDialect SniffCsvDialect(std::string_view head) {
  CsvDialect dialect;
  const size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return dialect;
  const size_t end = head.find_first_of("\r\n", start);
  if (end != std::string_view::npos && head[end] == '\r' && end + 1 < head.size() &&
      head[end + 1] != '\n') {
    dialect.terminator = '\r';
  }
  dialect.delimiter = MostFrequentDelimiter(head.substr(start, end - start));
  return dialect;
}

CsvRowReader::CsvRowReader(std::unique_ptr<ByteSource> source, size_t chunk_size, size_t max_record)
    : source_(std::move(source)),
      parser_(std::make_unique<csv_parser>()),
      chunk_size_(chunk_size == 0 ? 1 : chunk_size),
      max_record_(max_record) {
  csv_init(parser_.get(), 0);  // fails only for a null parser; lenient mode reads what Excel writes
  Configure(*parser_, dialect_);
}

CsvRowReader::~CsvRowReader() { csv_free(parser_.get()); }

bool CsvRowReader::Next(CsvRecord& record) {
  while (ready_.empty() && !finished_) Step();
  if (ready_.empty()) return false;
  record = std::move(ready_.front());
  ready_.pop_front();
  return true;
}

// Feeds libcsv one line, or the part of it in the buffer, so that every record can be given the
// line it starts on (libcsv itself counts no lines).
void CsvRowReader::Step() {
  if (fed_ == buffer_.size()) {
    const bool more = started_ ? ReadChunk() : ReadHead();
    if (!more) return Finish();
  }
  const size_t end = buffer_.find(dialect_.terminator, fed_);
  const size_t stop = end == std::string::npos ? buffer_.size() : end + 1;
  const std::string_view piece(buffer_.data() + fed_, stop - fed_);
  fed_ = stop;
  Feed(piece, end != std::string::npos);
}

// The first line (or kHeadBytes of it) at once: the dialect is told from it.
bool CsvRowReader::ReadHead() {
  started_ = true;
  buffer_.clear();
  fed_ = 0;
  size_t scanned = 0;
  while (buffer_.size() < kHeadBytes && buffer_.find('\n', scanned) == std::string::npos) {
    scanned = buffer_.size();
    if (!ReadInto(buffer_.size(), chunk_size_)) break;
  }
  if (!status_.ok()) return false;
  if (std::string_view(buffer_).starts_with(kByteOrderMark)) fed_ = kByteOrderMark.size();
  dialect_ = SniffCsvDialect(std::string_view(buffer_).substr(fed_));
  Configure(*parser_, dialect_);
  return fed_ < buffer_.size();
}

bool CsvRowReader::ReadChunk() {
  buffer_.clear();
  fed_ = 0;
  return ReadInto(0, chunk_size_);
}

// Appends up to `size` bytes at `offset`; false at the end of the data or on an error.
bool CsvRowReader::ReadInto(size_t offset, size_t size) {
  buffer_.resize(offset + size);
  auto got = source_->Read(buffer_.data() + offset, size);
  if (!got.ok()) {
    status_ = got.status();
    buffer_.resize(offset);
    return false;
  }
  buffer_.resize(offset + *got);
  bytes_read_ += *got;
  return *got > 0;
}

void CsvRowReader::Feed(std::string_view piece, bool ends_line) {
  if (skipping_line_) {
    skipping_line_ = !ends_line;
    line_ += ends_line ? 1 : 0;
    return;
  }
  if (record_line_ == 0 && HasContent(piece)) record_line_ = line_;
  if (record_line_ != 0) record_bytes_ += piece.size();
  if (csv_parse(parser_.get(), piece.data(), piece.size(), OnField, OnRecord, this) <
      piece.size()) {
    status_ = Status::IoError(fmt::format("cannot read '{}': {}", source_->name(),
                                          csv_strerror(csv_error(parser_.get()))));
    finished_ = true;
    return;
  }
  line_ += ends_line ? 1 : 0;
  if (record_line_ != 0 && record_bytes_ > max_record_) DropOverlongRecord(ends_line);
}

// Forgets the record being parsed (and the memory libcsv took for it) and goes on from the next
// line: where a quote was left open, that is the best guess of where records start again.
void CsvRowReader::DropOverlongRecord(bool ends_line) {
  CsvRecord dropped;
  dropped.line = record_line_;
  dropped.overlong = true;
  ready_.push_back(std::move(dropped));
  csv_fini(parser_.get(), nullptr, nullptr, nullptr);  // back to the start of a record
  csv_free(parser_.get());
  current_ = CsvRecord{};
  record_line_ = 0;
  record_bytes_ = 0;
  skipping_line_ = !ends_line;
}

void CsvRowReader::Finish() {
  finished_ = true;
  if (status_.ok()) csv_fini(parser_.get(), OnField, OnRecord, this);  // a last line without EOL
}

void CsvRowReader::OnField(void* data, size_t size, void* self) {
  auto& reader = *static_cast<CsvRowReader*>(self);
  // Each field costs its bytes and a string: a line of commas must not take more than its share.
  reader.record_bytes_ += size + sizeof(std::string);
  if (reader.record_bytes_ > reader.max_record_) return;
  if (size == 0) {
    reader.current_.fields.emplace_back();
  } else {
    reader.current_.fields.emplace_back(static_cast<const char*>(data), size);
  }
}

void CsvRowReader::OnRecord(int terminator, void* self) {
  (void)terminator;
  auto& reader = *static_cast<CsvRowReader*>(self);
  CsvRecord& record = reader.current_;
  record.line = reader.record_line_ != 0 ? reader.record_line_ : reader.line_;
  if (reader.record_bytes_ > reader.max_record_) {
    record.fields.clear();
    record.overlong = true;
  }
  reader.ready_.push_back(std::move(record));
  record = CsvRecord{};
  reader.record_line_ = 0;
  reader.record_bytes_ = 0;
}

std::vector<std::string> ReadCsvHeader(std::string_view head) {
  auto source = ByteSource::FromMemory(head, "head");
  if (!source.ok()) return {};
  CsvRowReader reader(std::move(*source));
  CsvRecord record;
  if (!reader.Next(record)) return {};
  return std::move(record.fields);
}

std::optional<size_t> FindCsvColumn(const std::vector<std::string>& header, std::string_view name) {
  const std::string_view wanted = TrimAsciiSpace(name);
  for (size_t i = 0; i < header.size(); ++i) {
    if (!wanted.empty() && EqualsIgnoringAsciiCase(TrimAsciiSpace(header[i]), wanted)) return i;
  }
  return std::nullopt;
}

}  // namespace fiducia
