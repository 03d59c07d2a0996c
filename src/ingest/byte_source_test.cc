// ByteSource and LineReader on real files, and ReadCanonicalEvents over files and directories (it
// needs the same temporary files and compressors).
#include "ingest/byte_source.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ingest/ingest.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            fmt::format("fiducia-{}-{}-{}", info->test_suite_name(), info->name(), ::getpid());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }

  // Writes `bytes` to `name` (sub-directories created) and returns its path.
  std::string Write(const std::string& name, std::string_view bytes) const {
    const fs::path file = path_ / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file.string();
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string Gzip(std::string_view data) {
  z_stream stream{};
  EXPECT_EQ(
      deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(size));
  out.resize(size);
  return out;
}

struct ReadLines {
  std::vector<std::string> lines;
  Status status;
  uint64_t bytes = 0;
};

ReadLines ReadAll(Result<std::unique_ptr<ByteSource>> source,
                  size_t chunk_size = LineReader::kDefaultChunkSize) {
  ReadLines out;
  if (!source.ok()) {
    out.status = source.status();
    return out;
  }
  LineReader reader(std::move(*source), chunk_size);
  Line line;
  while (reader.Next(line)) {
    EXPECT_EQ(line.number, out.lines.size() + 1);
    EXPECT_GE(line.capacity, line.text.size() + kLinePadding);
    out.lines.emplace_back(line.text);
  }
  out.status = reader.status();
  out.bytes = reader.bytes_read();
  return out;
}

ReadLines ReadFile(const std::string& path, size_t chunk_size = LineReader::kDefaultChunkSize) {
  return ReadAll(ByteSource::OpenFile(path), chunk_size);
}

using Lines = std::vector<std::string>;

TEST(ByteSourceTest, TellsCompressionFromContent) {
  TempDir dir;
  const std::string text = "{\"id\":\"a\"}\n";
  auto plain = ByteSource::OpenFile(dir.Write("events.gz", text));  // the name does not count
  auto gzip = ByteSource::OpenFile(dir.Write("events.jsonl", Gzip(text)));
  auto zstd = ByteSource::OpenFile(dir.Write("events.txt", Zstd(text)));
  ASSERT_TRUE(plain.ok() && gzip.ok() && zstd.ok());
  EXPECT_EQ((*plain)->compression(), Compression::kNone);
  EXPECT_EQ((*gzip)->compression(), Compression::kGzip);
  EXPECT_EQ((*zstd)->compression(), Compression::kZstd);
}

TEST(ByteSourceTest, MissingFileIsNotFound) {
  auto source = ByteSource::OpenFile("/nonexistent/events.jsonl");
  ASSERT_FALSE(source.ok());
  EXPECT_EQ(source.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(source.status().message(),
            "cannot read '/nonexistent/events.jsonl': no such file or directory");
}

TEST(ByteSourceTest, DirectoryIsAnIoError) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.path());
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
  EXPECT_EQ(read.status.message(), fmt::format("cannot read '{}': is a directory", dir.path()));
}

TEST(LineReaderTest, PlainLines) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.jsonl", "one\ntwo\n\nfour\n"));
  ASSERT_TRUE(read.status.ok()) << read.status.message();
  EXPECT_EQ(read.lines, (Lines{"one", "two", "", "four"}));
  EXPECT_EQ(read.bytes, 14u);
}

TEST(LineReaderTest, CrLfEndings) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.jsonl", "one\r\ntwo\r\n\r\nfour\r\n"));
  EXPECT_EQ(read.lines, (Lines{"one", "two", "", "four"}));
}

TEST(LineReaderTest, LastLineWithoutNewline) {
  TempDir dir;
  EXPECT_EQ(ReadFile(dir.Write("a.jsonl", "one\ntwo")).lines, (Lines{"one", "two"}));
  EXPECT_EQ(ReadFile(dir.Write("b.jsonl", "one\r\ntwo\r")).lines, (Lines{"one", "two"}));
}

TEST(LineReaderTest, EmptyFileHasNoLines) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.jsonl", ""));
  EXPECT_TRUE(read.status.ok());
  EXPECT_TRUE(read.lines.empty());
  EXPECT_EQ(ReadFile(dir.Write("b.jsonl", "\n")).lines, (Lines{""}));
}

TEST(LineReaderTest, ByteOrderMarkIsDropped) {
  TempDir dir;
  EXPECT_EQ(ReadFile(dir.Write("a.jsonl", "\xEF\xBB\xBFone\ntwo\n")).lines, (Lines{"one", "two"}));
  EXPECT_EQ(ReadFile(dir.Write("b.jsonl", "\xEF\xBB\xBF")).lines, Lines{});
}

TEST(LineReaderTest, LineLongerThanTheChunk) {
  TempDir dir;
  const std::string long_line(3 * LineReader::kDefaultChunkSize + 17, 'x');
  const ReadLines read = ReadFile(dir.Write("a.jsonl", "short\n" + long_line + "\nend\n"));
  ASSERT_TRUE(read.status.ok());
  EXPECT_EQ(read.lines, (Lines{"short", long_line, "end"}));
  // The same with a tiny chunk: the buffer grows for the long line only.
  EXPECT_EQ(ReadFile(dir.Write("b.jsonl", "ab\n" + std::string(100, 'y') + "\nc"), 4).lines,
            (Lines{"ab", std::string(100, 'y'), "c"}));
}

TEST(LineReaderTest, OverlongLinesAreDroppedAndFlagged) {
  const std::string bytes = "short\n" + std::string(100, 'x') + "\nafter\n" + std::string(50, 'y');
  auto source = ByteSource::FromMemory(bytes, "mem");
  ASSERT_TRUE(source.ok());
  LineReader reader(std::move(*source), 8, 32);
  std::vector<std::pair<std::string, bool>> got;
  std::vector<uint64_t> numbers;
  for (Line line; reader.Next(line);) {
    got.emplace_back(std::string(line.text), line.overlong);
    numbers.push_back(line.number);
  }
  ASSERT_TRUE(reader.status().ok());
  EXPECT_EQ(got, (std::vector<std::pair<std::string, bool>>{
                     {"short", false}, {"", true}, {"after", false}, {"", true}}));
  EXPECT_EQ(numbers, (std::vector<uint64_t>{1, 2, 3, 4}));
}

TEST(LineReaderTest, GzipLines) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.gz", Gzip("one\ntwo\r\nthree")));
  ASSERT_TRUE(read.status.ok()) << read.status.message();
  EXPECT_EQ(read.lines, (Lines{"one", "two", "three"}));
  EXPECT_EQ(read.bytes, 14u);  // decompressed
}

TEST(LineReaderTest, ConcatenatedGzipMembers) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.gz", Gzip("one\ntw") + Gzip("o\nthree\n")));
  ASSERT_TRUE(read.status.ok()) << read.status.message();
  EXPECT_EQ(read.lines, (Lines{"one", "two", "three"}));
}

TEST(LineReaderTest, ZstdLines) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.zst", Zstd("one\ntwo\n") + Zstd("three\n")));
  ASSERT_TRUE(read.status.ok()) << read.status.message();
  EXPECT_EQ(read.lines, (Lines{"one", "two", "three"}));
}

TEST(LineReaderTest, TruncatedGzipIsAnError) {
  TempDir dir;
  const std::string gzip = Gzip(std::string(10000, 'a') + "\n");
  const std::string path = dir.Write("a.gz", gzip.substr(0, gzip.size() - 6));
  const ReadLines read = ReadFile(path);
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
  EXPECT_EQ(read.status.message(),
            fmt::format("cannot read '{}': the gzip data is cut short", path));
}

TEST(LineReaderTest, CorruptGzipIsAnError) {
  TempDir dir;
  std::string gzip = Gzip("one\ntwo\n");
  gzip[12] = static_cast<char>(gzip[12] ^ 0x5a);
  gzip[13] = static_cast<char>(gzip[13] ^ 0xff);
  const std::string path = dir.Write("a.gz", gzip);
  const ReadLines read = ReadFile(path);
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
  EXPECT_TRUE(read.status.message().starts_with(fmt::format("cannot read '{}': ", path)))
      << read.status.message();
}

TEST(LineReaderTest, TruncatedZstdIsAnError) {
  TempDir dir;
  const std::string zstd = Zstd("one\ntwo\nthree\n");
  const std::string path = dir.Write("a.zst", zstd.substr(0, zstd.size() - 3));
  const ReadLines read = ReadFile(path);
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
  EXPECT_EQ(read.status.message(),
            fmt::format("cannot read '{}': the zstd data is cut short", path));
}

TEST(LineReaderTest, CorruptZstdIsAnError) {
  TempDir dir;
  std::string zstd = Zstd(std::string(5000, 'q') + "\n");
  zstd.replace(6, 6, "garbag");
  const ReadLines read = ReadFile(dir.Write("a.zst", zstd));
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
}

TEST(LineReaderTest, GarbageAfterGzipIsAnError) {
  TempDir dir;
  const ReadLines read = ReadFile(dir.Write("a.gz", Gzip("one\n") + "not gzip"));
  EXPECT_EQ(read.status.code(), StatusCode::kIoError);
  EXPECT_EQ(read.lines, (Lines{"one"}));
}

// Lines of every length, through every compression and chunk sizes that cut them anywhere.
TEST(LineReaderTest, SameLinesWhateverTheChunkAndCompression) {
  std::mt19937 random(7);
  Lines expected;
  std::string text;
  for (int i = 0; i < 2000; ++i) {
    expected.push_back(std::string(random() % 300, static_cast<char>('a' + i % 26)));
    text += expected.back() + (i % 3 == 0 ? "\r\n" : "\n");
  }
  TempDir dir;
  const std::vector<std::string> files = {dir.Write("plain", text), dir.Write("gz", Gzip(text)),
                                          dir.Write("zst", Zstd(text))};
  for (const std::string& file : files) {
    for (const size_t chunk : {size_t{1}, size_t{7}, size_t{4096}, LineReader::kDefaultChunkSize}) {
      const ReadLines read = ReadFile(file, chunk);
      ASSERT_TRUE(read.status.ok()) << file << " " << chunk;
      EXPECT_EQ(read.lines, expected) << file << " " << chunk;
      EXPECT_EQ(read.bytes, text.size());
    }
  }
}

TEST(LineReaderTest, MemorySource) {
  const std::string text = Gzip("one\ntwo\n");
  const ReadLines read = ReadAll(ByteSource::FromMemory(text, "body"));
  EXPECT_EQ(read.lines, (Lines{"one", "two"}));
}

// --- ReadCanonicalEvents -------------------------------------------------------------------------

std::string Message(const std::string& id, const std::string& customer = "+393331234567") {
  return fmt::format(
      R"({{"id":"{}","at":"2026-03-02T09:14:00+01:00","channel":"whatsapp","direction":"in",)"
      R"("customer":"{}","text":"Buongiorno"}})",
      id, customer);
}

struct Ingested {
  Status status;
  Corpus corpus;
  IngestReport report;
};

std::unique_ptr<Ingested> Ingest(const std::vector<std::string>& paths,
                                 const IngestOptions& options = {}) {
  auto out = std::make_unique<Ingested>();
  out->status = ReadCanonicalEvents(paths, options, out->corpus, out->report);
  return out;
}

TEST(ReadCanonicalEventsTest, SkipsAndReportsBadLines) {
  TempDir dir;
  std::string text;
  for (int i = 1; i <= 1000; ++i) {
    text +=
        (i == 10 || i == 500 || i == 1000) ? "{\"id\":\"broken\"" : Message(fmt::format("m{}", i));
    text += "\n";
  }
  const std::string path = dir.Write("events.jsonl", text);
  std::vector<std::string> seen;
  IngestOptions options;
  options.on_error = [&](const InputError& e) { seen.push_back(e.ToString()); };
  const auto result = Ingest({path}, options);
  ASSERT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->corpus.events().size(), 997u);
  const IngestReport& report = result->report;
  EXPECT_EQ(report.files, 1u);
  EXPECT_EQ(report.records, 1000u);
  EXPECT_EQ(report.events, 997u);
  EXPECT_EQ(report.skipped, 3u);
  EXPECT_EQ(report.bytes, text.size());
  ASSERT_EQ(report.errors.size(), 3u);
  EXPECT_EQ(report.errors[0].file, path);
  EXPECT_EQ(report.errors[0].line, 10u);
  EXPECT_EQ(report.errors[1].line, 500u);
  EXPECT_EQ(report.errors[2].line, 1000u);
  EXPECT_TRUE(report.errors[0].what.starts_with("invalid JSON: ")) << report.errors[0].what;
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1], fmt::format("{}:500: {}", path, report.errors[1].what));
}

TEST(ReadCanonicalEventsTest, StrictStopsAtTheFirstBadLine) {
  TempDir dir;
  const std::string path =
      dir.Write("events.jsonl", Message("a") + "\n" + Message("b") + "\n{\"id\":\"c\"}\n" +
                                    Message("d") + "\n[]\n");
  IngestOptions options;
  options.strict = true;
  const auto result = Ingest({path}, options);
  EXPECT_EQ(result->status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(result->status.message(), path + ":3: missing required field \"at\"");
  EXPECT_EQ(result->corpus.events().size(), 2u);
  EXPECT_EQ(result->report.skipped, 1u);
}

TEST(ReadCanonicalEventsTest, SameIdTwiceIsOneEvent) {
  TempDir dir;
  const std::string first = dir.Write("a.jsonl", Message("w1") + "\n" + Message("w1") + "\n");
  const std::string again = dir.Write("b.jsonl", Message("w1", "+39 333 999 9999") + "\n");
  const auto result = Ingest({first, again});
  ASSERT_TRUE(result->status.ok());
  ASSERT_EQ(result->corpus.events().size(), 1u);
  EXPECT_EQ(result->report.duplicates, 2u);
  EXPECT_EQ(result->report.events, 1u);
  EXPECT_TRUE(result->report.errors.empty());
  const Corpus& corpus = result->corpus;
  EXPECT_EQ(corpus.symbols().Name(corpus.events()[0].customer), "+393331234567");  // the first
}

TEST(ReadCanonicalEventsTest, NormalisesHandles) {
  TempDir dir;
  const std::string path = dir.Write(
      "a.jsonl", Message("p", "0039 333 123 4567") + "\n" + Message("e", "Mario.Rossi@Example.IT"));
  const auto result = Ingest({path});
  ASSERT_TRUE(result->status.ok());
  const Corpus& corpus = result->corpus;
  ASSERT_EQ(corpus.events().size(), 2u);
  EXPECT_EQ(corpus.symbols().Name(corpus.events()[0].customer), "+393331234567");
  EXPECT_EQ(corpus.symbols().Name(corpus.events()[1].customer), "mario.rossi@example.it");
}

TEST(ReadCanonicalEventsTest, BlankLinesAreNotRecords) {
  TempDir dir;
  const auto result = Ingest({dir.Write("a.jsonl", "\n  \t\n" + Message("a") + "\r\n\r\n \n")});
  ASSERT_TRUE(result->status.ok());
  EXPECT_EQ(result->report.records, 1u);
  EXPECT_EQ(result->report.events, 1u);
  EXPECT_EQ(result->report.skipped, 0u);
}

TEST(ReadCanonicalEventsTest, WalksDirectoriesInNameOrder) {
  TempDir dir;
  dir.Write("b/2.jsonl", Message("b2") + "\n");
  dir.Write("b/1.jsonl.gz", Gzip(Message("b1") + "\n"));
  dir.Write("a.jsonl.zst", Zstd(Message("a") + "\n"));
  dir.Write("c/d/e.ndjson", Message("cde"));
  dir.Write("c/README.md", "# not events\n");
  dir.Write("c/export.zst", Zstd(Message("x") + "\n"));
  dir.Write(".hidden.jsonl", Message("hidden1") + "\n");
  dir.Write(".git/objects.jsonl", Message("hidden2") + "\n");
  dir.Write("b/.swp", "garbage\n");
  const auto result = Ingest({dir.path()});
  ASSERT_TRUE(result->status.ok()) << result->status.message();
  std::vector<std::string> ids;
  for (const Event& e : result->corpus.events()) ids.emplace_back(result->corpus.IdOf(e));
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b1", "b2", "cde"}));
  EXPECT_EQ(result->report.files, 4u);
  EXPECT_EQ(result->report.files_skipped, 2u);
  EXPECT_EQ(result->report.skipped, 0u);
}

TEST(ReadCanonicalEventsTest, AFileNamedOnTheCommandLineIsReadWhateverItsName) {
  TempDir dir;
  const std::string export_file = dir.Write("export.zst", Zstd(Message("x") + "\n"));
  const auto result = Ingest({export_file});
  ASSERT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->report.events, 1u);
}

TEST(ReadCanonicalEventsTest, SymbolicLinkLoopIsWalkedOnce) {
  TempDir dir;
  dir.Write("data/a.jsonl", Message("a") + "\n");
  fs::create_directory_symlink(fs::path(dir.path()) / "data", fs::path(dir.path()) / "data/loop");
  const auto result = Ingest({dir.path()});
  ASSERT_TRUE(result->status.ok()) << result->status.message();
  EXPECT_EQ(result->report.files, 1u);
}

TEST(ReadCanonicalEventsTest, MissingPathStops) {
  TempDir dir;
  const std::string later = dir.Write("a.jsonl", Message("a") + "\n");
  const auto result = Ingest({dir.path() + "/missing.jsonl", later});
  EXPECT_EQ(result->status.code(), StatusCode::kNotFound);
  EXPECT_EQ(result->status.message(),
            fmt::format("cannot read '{}/missing.jsonl': no such file or directory", dir.path()));
  EXPECT_TRUE(result->corpus.events().empty());
}

TEST(ReadCanonicalEventsTest, UnreadableFileIsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  TempDir dir;
  const std::string path = dir.Write("a.jsonl", Message("a") + "\n");
  fs::permissions(path, fs::perms::none);
  const auto result = Ingest({path});
  EXPECT_EQ(result->status.code(), StatusCode::kIoError);
  EXPECT_EQ(result->status.message(), fmt::format("cannot read '{}': permission denied", path));
}

// A file that opens but whose read fails, even for root: reading at address 0 of /proc/self/mem.
TEST(ReadCanonicalEventsTest, ReadErrorIsAnIoError) {
  if (!fs::exists("/proc/self/mem")) GTEST_SKIP() << "no /proc";
  const auto result = Ingest({"/proc/self/mem"});
  EXPECT_EQ(result->status.code(), StatusCode::kIoError);
  EXPECT_EQ(result->status.message(), "cannot read '/proc/self/mem': input/output error");
}

TEST(ReadCanonicalEventsTest, CorruptCompressedFileStopsWithItsName) {
  TempDir dir;
  const std::string gzip = Gzip(Message("a") + "\n" + Message("b") + "\n");
  const std::string path = dir.Write("a.gz", gzip.substr(0, gzip.size() / 2));
  const auto result = Ingest({path});
  EXPECT_EQ(result->status.code(), StatusCode::kIoError);
  EXPECT_TRUE(result->status.message().starts_with("cannot read '" + path + "'"));
}

TEST(ReadCanonicalEventsTest, KeepsOnlyTheFirstErrors) {
  TempDir dir;
  std::string text;
  for (size_t i = 0; i < IngestReport::kMaxKeptErrors + 5; ++i) text += "nonsense\n";
  const auto result = Ingest({dir.Write("a.jsonl", text)});
  ASSERT_TRUE(result->status.ok());
  EXPECT_EQ(result->report.skipped, IngestReport::kMaxKeptErrors + 5);
  EXPECT_EQ(result->report.errors.size(), IngestReport::kMaxKeptErrors);
}

TEST(InputErrorTest, ToString) {
  EXPECT_EQ((InputError{"a.jsonl", 3, "bad"}).ToString(), "a.jsonl:3: bad");
  EXPECT_EQ((InputError{"a.jsonl", 0, "bad"}).ToString(), "a.jsonl: bad");
}

}  // namespace
}  // namespace fiducia
