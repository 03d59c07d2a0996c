// The JSON of the bundled samples, byte for byte. After a deliberate change, regenerate with
//   FIDUCIA_UPDATE_GOLDEN=1 ./build/bin/golden_test
// and review the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/cli.h"

namespace fiducia {
namespace {

const char* kGolden = FIDUCIA_SOURCE_DIR "/tests/golden/samples.en.json";

std::string AuditSamplesJson(const std::string& lang, int& code) {
  std::ostringstream out, err;
  FakeClock clock(Instant{});
  code = RunCli(
      {"audit", "--quiet", "--json", "-", "--lang", lang, FIDUCIA_SOURCE_DIR "/data/samples"},
      {std::cin, out, err, clock, ""});
  return out.str();
}

TEST(GoldenTest, SamplesJsonIsUnchanged) {
  int code = -1;
  const std::string json = AuditSamplesJson("en", code);
  ASSERT_EQ(code, 0);
  if (std::getenv("FIDUCIA_UPDATE_GOLDEN")) std::ofstream(kGolden, std::ios::binary) << json;
  std::ifstream in(kGolden, std::ios::binary);
  ASSERT_TRUE(in) << "no golden file: run with FIDUCIA_UPDATE_GOLDEN=1";
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(json, golden.str());
}

TEST(GoldenTest, SameInputSameBytes) {
  int a = -1, b = -1;
  EXPECT_EQ(AuditSamplesJson("it", a), AuditSamplesJson("it", b));
  EXPECT_EQ(a, 0);
}

TEST(GoldenTest, SamplesShowEveryTimingRule) {
  int code = -1;
  const std::string json = AuditSamplesJson("en", code);
  for (const char* rule : {"unanswered", "late_reply", "chaser", "channel_hop"}) {
    EXPECT_NE(json.find(std::string("\"rule\": \"") + rule + "\""), std::string::npos) << rule;
  }
}

}  // namespace
}  // namespace fiducia
