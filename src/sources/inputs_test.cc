// ReadInputs: inputs that can be read only once (FIFOs, pipes) and the limits on what one input
// may cost (records per file, the size an archive member expands to).
#include "sources/inputs.h"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "ingest/byte_source.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class InputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("fiducia-inputs-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    settings_.company_override = "Giulia";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view bytes) const {
    const fs::path file = dir_ / name;
    std::ofstream(file, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file.string();
  }

  Status Read(const std::vector<std::string>& paths) {
    IngestSink sink(options_, corpus_, report_);
    return ReadInputs(paths, std::nullopt, settings_, sink);
  }

  std::vector<std::string> Errors() const {
    std::vector<std::string> errors;
    for (const InputError& e : report_.errors) errors.push_back(e.ToString());
    return errors;
  }
  std::string AllErrors() const {
    std::string all;
    for (const std::string& e : Errors()) all += e + "\n";
    return all;
  }

  fs::path dir_;
  SourceSettings settings_;
  IngestOptions options_;
  Corpus corpus_;
  IngestReport report_;
};

// A WhatsApp chat of `messages` messages, the customer and the company taking turns.
std::string Chat(int messages) {
  std::string chat;
  for (int i = 0; i < messages; ++i) {
    chat += fmt::format("{:02}/03/26, {:02}:{:02} - {}: messaggio numero {}\n", 2 + i / 1440,
                        i / 60 % 24, i % 60, i % 2 ? "Giulia" : "Mario Rossi", i);
  }
  return chat;
}

std::string CanonicalLines(int lines) {
  std::string out;
  for (int i = 1; i <= lines; ++i) {
    out += fmt::format(
        R"({{"id":"e{}","at":"2026-03-02T09:{:02}:00+01:00","channel":"email","direction":"in",)"
        R"("customer":"c{}@example.it","text":"Buongiorno"}})"
        "\n",
        i, i % 60, i);
  }
  return out;
}

// A zip holding one file, `member`, with `content` (deflated by libarchive).
std::string ZipOf(const std::string& member, std::string_view content) {
  std::string out(content.size() + (size_t{64} << 10), '\0');
  size_t used = 0;
  archive* zip = archive_write_new();
  EXPECT_EQ(archive_write_set_format_zip(zip), ARCHIVE_OK);
  EXPECT_EQ(archive_write_open_memory(zip, out.data(), out.size(), &used), ARCHIVE_OK);
  archive_entry* entry = archive_entry_new();
  archive_entry_set_pathname(entry, member.c_str());
  archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  EXPECT_EQ(archive_write_header(zip, entry), ARCHIVE_OK);
  EXPECT_EQ(archive_write_data(zip, content.data(), content.size()),
            static_cast<la_ssize_t>(content.size()));
  archive_entry_free(entry);
  EXPECT_EQ(archive_write_close(zip), ARCHIVE_OK);
  archive_write_free(zip);
  out.resize(used);
  return out;
}

// Writes `bytes` into the FIFO `path` from another thread, as `cat f > fifo` would.
class FifoWriter {
 public:
  FifoWriter(const fs::path& path, std::string bytes) {
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    thread_ = std::thread([path, bytes = std::move(bytes)] {
      std::ofstream(path, std::ios::binary)
          .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    });
  }
  ~FifoWriter() { thread_.join(); }

 private:
  std::thread thread_;
};

// --- Inputs read once ------------------------------------------------------------------------

// A FIFO used to lose its content: the format sniff read its first bytes, the WhatsApp reader's
// two passes opened it again (and waited for a writer that had gone: a hang).
TEST_F(InputsTest, AChatInAFifoIsReadLikeTheFile) {
  const std::string chat = Chat(40);
  ASSERT_TRUE(Read({Write("chat.txt", chat)}).ok());
  const uint64_t from_file = corpus_.events().size();
  ASSERT_EQ(from_file, 40u);

  Corpus piped;
  IngestReport report;
  {
    const fs::path fifo = dir_ / "chat-fifo";
    FifoWriter writer(fifo, chat);
    IngestSink sink(options_, piped, report);
    ASSERT_TRUE(ReadInputs({fifo.string()}, std::nullopt, settings_, sink).ok());
  }
  EXPECT_EQ(piped.events().size(), from_file);
  EXPECT_EQ(report.files, 1u);
  EXPECT_TRUE(report.errors.empty());
}

TEST_F(InputsTest, AZipInAFifoIsReadAndErrorsNameTheFifo) {
  const fs::path fifo = dir_ / "export-fifo";
  {
    FifoWriter writer(fifo, ZipOf("_chat.txt", Chat(10)));
    ASSERT_TRUE(Read({fifo.string()}).ok());
  }
  EXPECT_EQ(corpus_.events().size(), 10u);
  EXPECT_TRUE(report_.errors.empty()) << AllErrors();
  EXPECT_EQ(OpenablePath(fifo.string()), fifo.string());  // the copy is gone with the reading
}

TEST_F(InputsTest, SpooledCopyIsOpenedAgainFromTheStart) {
  const fs::path fifo = dir_ / "fifo";
  FifoWriter writer(fifo, "una riga\n");
  auto spool = SpooledInput::Of(fifo.string());
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE(spool->spooled());
  for (int time = 0; time < 2; ++time) {
    auto source = ByteSource::OpenFile(fifo.string());
    ASSERT_TRUE(source.ok());
    EXPECT_EQ((*source)->name(), fifo.string());
    std::string text(64, '\0');
    auto got = (*source)->Read(text.data(), text.size());
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(text.substr(0, *got), "una riga\n");
  }
  EXPECT_FALSE(SpooledInput::Of(Write("file.txt", "x")).value().spooled());  // read as it is
}

// --- Limits ----------------------------------------------------------------------------------

TEST_F(InputsTest, RecordsPastTheLimitOfOneFileAreSkippedAndReportedOnce) {
  options_.limits.records_per_input = 4;
  options_.text_threads = 1;
  const std::string first = Write("a.jsonl", CanonicalLines(10));
  const std::string second = Write("b.txt", Chat(3));
  ASSERT_TRUE(Read({first, second}).ok());
  EXPECT_EQ(corpus_.events().size(), 4u + 3u);  // the next file is read from its start
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_EQ(report_.errors[0].file, first);
  EXPECT_EQ(report_.errors[0].line, 5u);
  EXPECT_NE(Errors()[0].find("more than 4 records in one file (limits.records_per_input)"),
            std::string::npos);
  EXPECT_EQ(report_.skipped, 1u);
}

TEST_F(InputsTest, RecordLimitWithTheCanonicalWorkers) {
  options_.limits.records_per_input = 4;
  options_.text_threads = 3;
  const std::string file = Write("a.jsonl", CanonicalLines(5000));
  ASSERT_TRUE(Read({file}).ok());
  EXPECT_EQ(corpus_.events().size(), 4u);
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_EQ(report_.errors[0].ToString(),
            file +
                ":5: more than 4 records in one file (limits.records_per_input): the rest is "
                "skipped");
}

TEST_F(InputsTest, RecordLimitOfAChat) {
  options_.limits.records_per_input = 7;
  const std::string file = Write("chat.txt", Chat(30));
  ASSERT_TRUE(Read({file}).ok());
  EXPECT_EQ(corpus_.events().size(), 7u);
  ASSERT_EQ(report_.errors.size(), 1u);
  EXPECT_EQ(report_.errors[0].line, 8u);

  options_.strict = true;  // under --strict it is the error that stops the reading
  Corpus corpus;
  IngestReport report;
  IngestSink sink(options_, corpus, report);
  EXPECT_EQ(ReadInputs({file}, std::nullopt, settings_, sink).code(), StatusCode::kInvalidInput);
}

// An export's message dated outside the window (limits.earliest/latest) is a bad record naming
// the file and the message; the others are read.
TEST_F(InputsTest, AnExportsMessageOutsideTheDateWindowIsABadRecord) {
  const std::string file =
      Write("chat.txt", "02/03/1985, 10:00 - Mario Rossi: messaggio del 1985\n" + Chat(4));
  ASSERT_TRUE(Read({file}).ok());
  EXPECT_EQ(corpus_.events().size(), 4u);
  ASSERT_EQ(report_.errors.size(), 1u) << AllErrors();
  EXPECT_NE(AllErrors().find("chat.txt"), std::string::npos) << AllErrors();
  EXPECT_NE(AllErrors().find("1985-03-02T"), std::string::npos) << AllErrors();
  EXPECT_NE(AllErrors().find("outside the dates fiducia reads, 1990-01-01 to 2100-01-01"),
            std::string::npos)
      << AllErrors();
}

// A small zip of a chat that expands past limits.member_bytes: what comes before the limit is
// read, the rest is reported once with the zip and the member, and the next input is read.
TEST_F(InputsTest, ZipMemberPastTheLimitIsCutAndReported) {
  const std::string chat = Chat(2000);  // about 100 KB
  options_.limits.member_bytes = 16 << 10;
  const std::string zip = Write("export.zip", ZipOf("_chat.txt", chat));
  const std::string next = Write("next.jsonl", CanonicalLines(5));
  ASSERT_TRUE(Read({zip, next}).ok());
  // The lines whole within the limit, and perhaps the one it cuts; then the next file's 5.
  const auto whole_lines = static_cast<size_t>(
      std::count(chat.begin(), chat.begin() + options_.limits.member_bytes, '\n'));
  EXPECT_GE(corpus_.events().size(), whole_lines + 5);
  EXPECT_LE(corpus_.events().size(), whole_lines + 6);
  ASSERT_EQ(report_.errors.size(), 1u) << AllErrors();
  EXPECT_EQ(Errors()[0], zip +
                             "/_chat.txt: expands to more than 16384 bytes "
                             "(limits.member_bytes): the rest is skipped");

  Corpus whole;  // within the limit, all of it
  IngestReport report;
  options_.limits.member_bytes = chat.size();
  IngestSink sink(options_, whole, report);
  ASSERT_TRUE(ReadInputs({zip}, std::nullopt, settings_, sink).ok());
  EXPECT_EQ(whole.events().size(), 2000u);
  EXPECT_TRUE(report.errors.empty());
}

}  // namespace
}  // namespace fiducia
