// Headless Chromium opens the HTML report: no console message (no error, no Content-Security-Policy
// violation), every section in the DOM, nothing of the hostile input parsed as an element, and a
// screenshot kept under build/<kind>/artefacts/. Skipped only when there is no chromium binary.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html_report.h"
#include "report/report_fixture.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;
using testing_support::AuditOfJsonl;
using testing_support::AuditOfSamples;
using testing_support::kHostileJsonl;

const fs::path kArtefacts = FIDUCIA_ARTEFACT_DIR;

std::string Chromium() {
  if (const char* path = std::getenv("FIDUCIA_CHROMIUM")) return path;
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(path)) return path;
  }
  return "";
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

struct BrowserRun {
  std::string dom;
  std::string console;  // the console messages Chromium logged, one a line
};

// Opens `page` headless: the DOM after load and every console message. With `screenshot`, also
// a full-width picture of the top of the page.
BrowserRun Open(const fs::path& page, const fs::path& screenshot = {}) {
  const fs::path dom = page.string() + ".dom", log = page.string() + ".log";
  // Each page its own profile: tests run in parallel, and Chromium locks a profile to one process.
  std::string command =
      "'" + Chromium() +
      "' --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 "
      "--no-first-run --hide-scrollbars --disable-dev-shm-usage --user-data-dir='" +
      page.string() + ".profile' ";
  if (!screenshot.empty()) {
    std::system((command + "--window-size=1280,2200 --screenshot='" + screenshot.string() +
                 "' 'file://" + page.string() + "' > /dev/null 2>&1")
                    .c_str());
  }
  command += "--dump-dom 'file://" + page.string() + "' > '" + dom.string() + "' 2> '" +
             log.string() + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  BrowserRun run{ReadFile(dom), ""};
  std::istringstream lines(ReadFile(log));
  for (std::string line; std::getline(lines, line);) {
    if (line.find(":CONSOLE") != std::string::npos) run.console += line + "\n";
  }
  return run;
}

fs::path Write(const std::string& name, const std::string& html) {
  fs::create_directories(kArtefacts);
  const fs::path path = kArtefacts / name;
  std::ofstream(path, std::ios::binary) << html;
  return path;
}

class ReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (Chromium().empty()) GTEST_SKIP() << "no chromium: apt-get install chromium";
  }
};

TEST_F(ReportBrowserTest, TheConsoleCheckSeesAPlantedError) {
  const BrowserRun run = Open(
      Write("planted.html",
            "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
            "content=\"default-src 'none'\"></head><body><script>console.error(1)</script></body>"
            "</html>"));
  EXPECT_FALSE(run.console.empty()) << "the check would miss console errors";
}

TEST_F(ReportBrowserTest, SamplesReportOpensCleanWithEverySection) {
  for (Lang lang : {Lang::kEn, Lang::kIt}) {
    AuditPolicy config;
    const auto audit = AuditOfSamples(config);
    const std::string name = std::string("samples.") + std::string(ToString(lang));
    const fs::path page =
        Write(name + ".html", HtmlReport(BuildReportModel(*audit, config), {lang}));
    const fs::path shot = kArtefacts / (name + ".png");
    fs::remove(shot);
    const BrowserRun run = Open(page, shot);
    EXPECT_EQ(run.console, "") << "console messages while opening " << page;
    for (const char* id : kHtmlSections) {
      EXPECT_NE(run.dom.find(std::string("<section id=\"") + id + "\""), std::string::npos) << id;
    }
    EXPECT_NE(run.dom.find("<svg"), std::string::npos);
    ASSERT_TRUE(fs::exists(shot)) << "no screenshot";
    EXPECT_GT(fs::file_size(shot), 20000u) << "a blank screenshot?";
  }
}

TEST_F(ReportBrowserTest, HostileInputRunsNothing) {
  AuditPolicy config;
  const auto audit = AuditOfJsonl(kHostileJsonl, config);
  const fs::path page =
      Write("hostile.html", HtmlReport(BuildReportModel(*audit, config), {Lang::kEn}));
  const BrowserRun run = Open(page, kArtefacts / "hostile.png");
  // A script, an event handler or an image that ran or loaded would log a CSP violation.
  EXPECT_EQ(run.console, "");
  for (const char* element : {"<script", "<img", "<svg onload", "<a href=\"javascript", "<textarea",
                              "onerror=\"", "<b>T-1"}) {
    EXPECT_EQ(run.dom.find(element), std::string::npos) << element;
  }
  EXPECT_NE(run.dom.find("&lt;script&gt;alert('x')&lt;/script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace fiducia
