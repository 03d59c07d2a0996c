// Hostile bytes in an export, end to end (issue 17): a WhatsApp chat with a stray 0xFF, a surrogate
// encoded in UTF-8, a terminal escape sequence, a C1 control and a right-to-left override. Every
// output must stay readable by a strict reader and inert: the audit JSON parses (python3's
// json.load, strict), `fiducia import` writes lines the audit reads back to the same findings, and
// no CSV, HTML or XLSX byte is a raw control character, a bidi control or invalid UTF-8.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"
#include "common/utf8.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun Cli(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  FakeClock clock(Instant{});
  CliRun r;
  r.code = RunCli(args, {std::cin, out, err, clock, "en_US.UTF-8", false, false});
  r.out = out.str();
  r.err = err.str();
  return r;
}

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Python() { return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3"; }

// What in `bytes` a strict reader would refuse or a viewer would act on: invalid UTF-8, a control
// character other than tab and line breaks, a C1 control, or (`bidi`: in a report people read) a
// bidi control. Empty when there is none. JSON keeps bidi controls: they are the customer's text.
std::string Offending(std::string_view bytes, bool bidi = true) {
  if (!IsValidUtf8(bytes)) return "invalid UTF-8";
  for (size_t i = 0; i < bytes.size();) {
    const size_t at = i;
    const auto byte = static_cast<unsigned char>(bytes[i]);
    if (byte < 0x80) {
      ++i;
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) {
        return fmt::format("control 0x{:02x} at {}", byte, at);
      }
      continue;
    }
    const int32_t c = NextCodePoint(bytes, i);
    if (IsC1Control(c) || (bidi && IsBidiControl(c))) return fmt::format("U+{:04X} at {}", c, at);
  }
  return "";
}

// Hostile bytes in the customer's name and in both sides' messages. (The WhatsApp reader drops the
// bidi marks WhatsApp itself puts around names, so the override comes by the canonical line.)
constexpr std::string_view kChat =
    "3/2/26, 9:14 AM - Mario \xFF\x1b[31mRossi: Hi, my order \xE2\x80\xAE never arrived \xFF"
    " \x1b[31mred\x1b[0m\n"
    "3/2/26, 9:20 AM - Mario \xFF\x1b[31mRossi: Is anyone there? \xC2\x9B"
    "2J and \xED\xA0\x80 cut \xE2\x82\n"
    "3/14/26, 4:06 PM - Support: Sorry about that \xC0\xAF, a new one ships today\n";

// A canonical line with a raw 0xFF, an override in the customer's name and an escape sequence in
// the agent's, answered late.
constexpr std::string_view kLines =
    "{\"id\":\"j1\xFF\",\"at\":\"2026-03-03T10:00:00+01:00\",\"channel\":\"email\","
    "\"direction\":\"in\",\"customer\":\"Anna \xE2\x80\xAE"
    "Bianchi\xFF\","
    "\"text\":\"Dov'\xC3\xA8 il rimborso?\"}\n"
    "{\"id\":\"j2\",\"at\":\"2026-03-12T10:00:00+01:00\",\"channel\":\"email\","
    "\"direction\":\"out\",\"customer\":\"Anna \xE2\x80\xAE"
    "Bianchi\xFF\","
    "\"agent\":\"Gino\\u001b[31m\\u202e\",\"text\":\"Ci scusi.\"}\n";

class HostileTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("fiducia-hostile-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    chat_ = (dir_ / "WhatsApp Chat with Mario Rossi.txt").string();
    std::ofstream(chat_, std::ios::binary) << kChat;
    lines_ = (dir_ / "events.jsonl").string();
    std::ofstream(lines_, std::ios::binary) << kLines;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string chat_, lines_;
};

TEST_F(HostileTextTest, AuditJsonParsesStrictlyAndImportRoundTrips) {
  const fs::path json = dir_ / "audit.json", events = dir_ / "imported.jsonl";
  const CliRun direct = Cli({"audit", "--quiet", "--company", "Support", "--as-of",
                             "2026-03-20T12:00:00+01:00", "--json", json.string(), chat_, lines_});
  ASSERT_EQ(direct.code, 0) << direct.err;
  const std::string text = Slurp(json);
  EXPECT_EQ(Offending(text, false), "");
  EXPECT_NE(text.find("\\u001b[31m"), std::string::npos) << "escaped, not dropped";
  EXPECT_NE(text.find("\"findings\""), std::string::npos);
  if (std::system((Python() + " -c 'import json' > /dev/null 2>&1").c_str()) == 0) {
    const std::string check =
        Python() + " -c 'import json,sys; json.load(open(sys.argv[1], encoding=\"utf-8\"))' " +
        json.string();
    EXPECT_EQ(std::system(check.c_str()), 0) << "python3's json.load refused " << json;
  }

  const CliRun imported =
      Cli({"import", "--company", "Support", chat_, lines_, "-o", events.string()});
  ASSERT_EQ(imported.code, 0) << imported.err;
  const std::string lines = Slurp(events);
  EXPECT_EQ(Offending(lines, false), "");
  EXPECT_NE(lines.find("Anna \xE2\x80\xAE"
                       "Bianchi"),
            std::string::npos)
      << lines;  // data kept
  const CliRun again = Cli({"audit", "--quiet", "--strict", "--as-of", "2026-03-20T12:00:00+01:00",
                            "--json", "-", events.string()});
  ASSERT_EQ(again.code, 0) << again.err;  // --strict: not one line refused
  EXPECT_EQ(again.out, text);
}

TEST_F(HostileTextTest, ReportsHoldNoRawControlOrBidiCharacters) {
  const fs::path html = dir_ / "r.html", xlsx = dir_ / "r.xlsx", csv = dir_ / "csv";
  const CliRun r =
      Cli({"audit", "--company", "Support", "--as-of", "2026-03-20T12:00:00+01:00", "--html",
           html.string(), "--xlsx", xlsx.string(), "--csv", csv.string(), chat_, lines_});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Offending(r.out), "") << "terminal summary";
  EXPECT_EQ(Offending(r.err), "") << "terminal errors";
  const std::string page = Slurp(html);
  EXPECT_EQ(Offending(page), "");
  EXPECT_NE(page.find("Anna [U+202E]Bianchi"), std::string::npos);
  bool marker_in_csv = false;
  for (const auto& entry : fs::directory_iterator(csv)) {
    const std::string table = Slurp(entry.path());
    EXPECT_EQ(Offending(table), "") << entry.path();
    marker_in_csv = marker_in_csv || table.find("Anna [U+202E]Bianchi") != std::string::npos;
  }
  EXPECT_TRUE(marker_in_csv);
  if (std::system((Python() + " -c 'import zipfile' > /dev/null 2>&1").c_str()) != 0) return;
  // Every XML part of the workbook, decoded strictly; no control, C1 or bidi character in it.
  const std::string check = Python() + R"( -c '
import sys, zipfile
book = zipfile.ZipFile(sys.argv[1])
text = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
bad = [c for c in text if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
       or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 or ord(c) in (0x200E, 0x200F, 0x61C)]
sys.exit(1 if bad or "Anna [U+202E]Bianchi" not in text else 0)' )" +
                            xlsx.string();
  EXPECT_EQ(std::system(check.c_str()), 0) << "the workbook holds a raw control character";
}

}  // namespace
}  // namespace fiducia
