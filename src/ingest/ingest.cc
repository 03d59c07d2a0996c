#include "ingest/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <set>

#include "common/utf8.h"
#include "ingest/byte_source.h"
#include "ingest/event_reader.h"
#include "text/email_text.h"

namespace fiducia {

namespace fs = std::filesystem;

std::string InputError::ToString() const {
  if (line == 0) return fmt::format("{}: {}", file, what);
  return fmt::format("{}:{}: {}", file, line, what);
}

// --- IngestSink --------------------------------------------------------------------------------

IngestSink::IngestSink(const IngestOptions& options, Corpus& corpus, IngestReport& report)
    : options_(options),
      corpus_(corpus),
      report_(report),
      handles_(options.default_region),
      text_(options.cues ? options.cues : CueMatcher::BuiltIn(), options.limits.text_bytes) {}

IngestSink::~IngestSink() = default;

Result<Symbol> IngestSink::Handle(std::string_view raw) {
  auto handle = handles_.Normalise(RepairUtf8(raw, repaired_));
  if (!handle.ok()) return handle.status();
  return corpus_.symbols().Intern(*handle);
}

Symbol IngestSink::Intern(std::string_view text) {
  return text.empty() ? kNoSymbol : corpus_.symbols().Intern(RepairUtf8(text, repaired_));
}

std::string_view AnalysedWords(const Event& event, std::string_view text, std::string& scratch) {
  if (event.channel != Channel::kEmail || event.direction == Direction::kNote || text.empty()) {
    return text;
  }
  scratch = mail::CustomerWords(text);
  return scratch;
}

void IngestSink::Add(std::string_view raw_id, Event event, std::string_view raw_text) {
  const std::string_view id = RepairUtf8(raw_id, repaired_);
  // Canonical lines are checked by the EventReader, with their line number; here the exports.
  if (Status dated = options_.limits.CheckInWindow("the date", event.at); !dated.ok()) {
    (void)Reject({counted_file_, 0, fmt::format("{}: {}", id, dated.message())});  // never strict
    return;
  }
  const std::string_view text = RepairUtf8(raw_text, repaired_text_);
  const TextAnalysis analysis =
      NeedsAnalysis(event)
          ? text_.Analyse(AnalysedWords(event, text, words_), event.SpeaksForCompany())
          : TextAnalysis{};
  Commit({id, SymbolTable::HashOf(id)}, std::move(event), text, !text.empty(), analysis);
}

CanonicalPipeline* IngestSink::Lines(std::string_view file) {
  if (options_.text_threads <= 1 || options_.strict) return nullptr;
  file_ = file;
  if (!lines_) {
    CanonicalPipelineOptions lines;
    lines.cues = options_.cues;
    lines.default_region = options_.default_region;
    lines.limits = options_.limits;
    lines.workers = options_.text_threads;
    lines.company_text = options_.company_text;
    lines.keep_text = options_.keep_text;
    lines.prefetch = [this](std::span<const HashedName, 5> names) {
      corpus_.ids().Prefetch(names[0].hash);
      for (size_t i = 1; i < names.size(); ++i) {
        if (!names[i].text.empty()) corpus_.symbols().Prefetch(names[i].hash);
      }
    };
    lines_ = std::make_unique<CanonicalPipeline>(
        std::move(lines), [this](const CanonicalPipeline::Committed& c) { CommitLine(c); });
  }
  return lines_.get();
}

void IngestSink::CommitLine(const CanonicalPipeline::Committed& line) {
  if (!line.event) {
    (void)Reject({file_, line.line, std::string(line.error)});  // never strict here
    return;
  }
  Event event = InternEvent(*line.event, corpus_.symbols());
  Commit(line.event->Name(0), std::move(event), line.event->text, line.event->event.has_text,
         *line.analysis);
}

void IngestSink::Commit(HashedName id, Event event, std::string_view text, bool has_text,
                        const TextAnalysis& analysis) {
  event.has_text = has_text;
  event.language = analysis.language;
  event.cues = analysis.cues;
  event.act = analysis.act;
  if (corpus_.Add(id, std::move(event), options_.keep_text ? text : std::string_view(),
                  analysis.facts)) {
    ++report_.events;
  } else {
    ++report_.duplicates;  // re-import of the same event: idempotent, not an error
  }
}

Status IngestSink::Reject(InputError error) {
  ++report_.skipped;
  if (options_.on_error) options_.on_error(error);
  Status status = options_.strict ? Status::InvalidInput(error.ToString()) : Status::Ok();
  if (report_.errors.size() < IngestReport::kMaxKeptErrors) {
    report_.errors.push_back(std::move(error));
  }
  return status;
}

bool IngestSink::CountRecord(std::string_view file) {
  if (file != counted_file_) {
    counted_file_ = file;
    counted_records_ = 0;
    limit_reported_ = false;
  }
  if (counted_records_ >= options_.limits.records_per_input) return false;
  ++counted_records_;
  ++report_.records;
  return true;
}

std::string IngestSink::RecordLimitText() const {
  return fmt::format(
      "more than {} records in one file (limits.records_per_input): the rest is skipped",
      options_.limits.records_per_input);
}

Status IngestSink::RecordLimitReached(std::string_view file, uint64_t line) {
  if (limit_reported_ && file == counted_file_) return Status::Ok();
  limit_reported_ = true;
  return Reject({std::string(file), line, RecordLimitText()});
}

// --- Walking the inputs ------------------------------------------------------------------------

namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

bool IsHidden(const fs::path& path) { return path.filename().string().starts_with('.'); }

// The entries of `dir` but hidden ones, in name order so that every run reads the same files in the
// same order.
Result<std::vector<fs::path>> VisibleEntries(const fs::path& dir) {
  std::error_code error;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (!IsHidden(it->path())) entries.push_back(it->path());
  }
  if (error) return ReadError(dir.string(), error);
  std::sort(entries.begin(), entries.end());
  return entries;
}

class InputWalk {
 public:
  InputWalk(const FileFilter& accept, IngestReport& report, const FileVisitor& read)
      : accept_(accept), report_(report), read_(read) {}

  Status Path(const fs::path& path) {
    std::error_code error;
    if (fs::is_directory(path, error)) return Directory(path);
    return read_(path);  // missing or unreadable: opening it says why
  }

 private:
  Status Directory(const fs::path& dir) {
    std::error_code error;
    const fs::path real = fs::canonical(dir, error);
    if (error) return ReadError(dir.string(), error);
    if (!seen_.insert(real).second) return Status::Ok();  // a link back up the tree: once
    auto entries = VisibleEntries(dir);
    if (!entries.ok()) return entries.status();
    for (const fs::path& entry : *entries) {
      if (Status status = Entry(entry); !status.ok()) return status;
    }
    return Status::Ok();
  }

  Status Entry(const fs::path& entry) {
    std::error_code error;
    if (fs::is_directory(entry, error)) return Directory(entry);
    if (!fs::is_regular_file(entry, error)) return Status::Ok();  // sockets, FIFOs, dangling links
    if (accept_(entry)) return read_(entry);
    ++report_.files_skipped;
    return Status::Ok();
  }

  const FileFilter& accept_;
  IngestReport& report_;
  const FileVisitor& read_;
  std::set<fs::path> seen_;
};

}  // namespace

Status ForEachInputFile(const std::vector<std::string>& paths, const FileFilter& accept,
                        IngestReport& report, const FileVisitor& read) {
  InputWalk walk(accept, report, read);
  for (const std::string& path : paths) {
    if (Status status = walk.Path(path); !status.ok()) return status;
  }
  return Status::Ok();
}

bool LooksLikeCanonicalEvents(const fs::path& path) {
  fs::path name = path.filename();
  if (name.extension() == ".gz" || name.extension() == ".zst" || name.extension() == ".zstd") {
    name = name.stem();
  }
  const auto ext = name.extension();
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json";
}

// --- Canonical JSON Lines ----------------------------------------------------------------------

namespace {

// How many lines a plain file holds, so that the corpus reserves its events once: counted in the
// first kSampleBytes, then scaled by the file's size (with 2% to spare) — reading the whole file
// twice would cost more than the reservation saves. Reserved room never written costs no memory;
// a file whose later lines are much shorter only makes the event array grow as before. 0 for
// compressed files and for one that cannot be read (the reading proper reports it).
size_t EstimateLines(const fs::path& path) {
  constexpr size_t kSampleBytes = size_t{8} << 20;
  const std::string openable = OpenablePath(path.string());  // standard input: its copy
  std::FILE* file = std::fopen(openable.c_str(), "rb");
  if (file == nullptr) return 0;
  std::vector<char> sample(kSampleBytes);
  const size_t read = std::fread(sample.data(), 1, sample.size(), file);
  std::fclose(file);
  const auto* b = reinterpret_cast<const unsigned char*>(sample.data());
  if (read >= 4 && ((b[0] == 0x1f && b[1] == 0x8b) ||
                    (b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f && b[3] == 0xfd))) {
    return 0;  // gzip or zstd
  }
  const auto lines = static_cast<size_t>(std::count(sample.data(), sample.data() + read, '\n'));
  std::error_code error;
  const auto size = static_cast<size_t>(fs::file_size(openable, error));
  if (read < kSampleBytes || error || size <= read) return lines;
  return static_cast<size_t>(static_cast<double>(lines) * static_cast<double>(size) /
                             static_cast<double>(read) * 1.02) +
         1;
}

}  // namespace

Status ReadCanonicalFile(const fs::path& path, IngestSink& sink) {
  const std::string name = path.string();
  auto source = ByteSource::OpenFile(name);
  if (!source.ok()) return source.status();
  ++sink.report().files;
  sink.corpus().Reserve(EstimateLines(path));
  LineReader lines(std::move(*source));
  if (CanonicalPipeline* workers = sink.Lines(name)) {
    for (Line line; lines.Next(line);) {
      if (!line.overlong && IsBlank(line.text)) continue;
      if (!sink.CountRecord(name)) {
        workers->AddBad(line.number, sink.RecordLimitText());  // reported in its place
        break;
      }
      if (line.overlong) {
        workers->AddBad(line.number, "line longer than 16 MiB: skipped");
      } else {
        workers->Add(line.text, line.number);
      }
    }
    workers->Flush();
    sink.report().bytes += lines.bytes_read();
    return lines.status();
  }
  EventReader reader(sink.options().default_region, sink.options().limits);
  Status status;
  for (Line line; status.ok() && lines.Next(line);) {
    if (!line.overlong && IsBlank(line.text)) continue;
    if (!sink.CountRecord(name)) {
      status = sink.RecordLimitReached(name, line.number);
      break;
    }
    if (line.overlong) {
      status = sink.Reject({name, line.number, "line longer than 16 MiB: skipped"});
      continue;
    }
    auto record = reader.ReadPadded(line.text, line.capacity, sink.corpus().symbols());
    if (!record.ok()) {
      status = sink.Reject({name, line.number, std::string(record.status().message())});
      continue;
    }
    sink.Add(record->id, std::move(record->event), record->text);
  }
  sink.report().bytes += lines.bytes_read();
  return status.ok() ? lines.status() : status;
}

Status ReadCanonicalEvents(const std::vector<std::string>& paths, const IngestOptions& options,
                           Corpus& corpus, IngestReport& report) {
  IngestSink sink(options, corpus, report);
  return ForEachInputFile(paths, LooksLikeCanonicalEvents, report,
                          [&sink](const fs::path& file) { return ReadCanonicalFile(file, sink); });
}

}  // namespace fiducia
