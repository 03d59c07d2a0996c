// Test helper: an audit of canonical events given as JSON Lines text, texts kept.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "audit/audit.h"

namespace fiducia::testing_support {

inline std::unique_ptr<AuditResult> AuditOfJsonl(const std::string& jsonl,
                                                 const AuditPolicy& config, bool keep_text = true) {
  const auto path =
      std::filesystem::path(::testing::TempDir()) /
      (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + ".jsonl");
  std::ofstream(path, std::ios::binary) << jsonl;
  AuditOptions options;
  options.inputs = {path.string()};
  options.keep_text = keep_text;
  options.threads = 1;
  auto result = RunAudit(options, config);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? std::move(result).value() : std::make_unique<AuditResult>();
}

inline std::unique_ptr<AuditResult> AuditOfSamples(const AuditPolicy& config) {
  AuditOptions options;
  options.inputs = {FIDUCIA_SOURCE_DIR "/data/samples"};
  options.threads = 1;
  auto result = RunAudit(options, config);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? std::move(result).value() : std::make_unique<AuditResult>();
}

// Customer text at its worst: markup, event handlers, script links, spreadsheet formulas.
inline const char* const kHostileJsonl =
    R"jsonl({"id":"h1\"><img src=x onerror=alert(1)>","at":"2026-03-02T09:14:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331234567","text":"<script>alert('x')</script> =HYPERLINK(\"http://evil.example\",\"clic\") <a href=\"javascript:alert(1)\">qui</a>","conversation":"<b>T-1</b>"}
{"id":"=HYPERLINK(\"http://evil.example\",\"x\")","at":"2026-03-02T09:20:00+01:00","channel":"email","direction":"in","customer":"+393331234567","text":"@SUM(1+1) sollecito: c'è qualcuno? </textarea><svg onload=alert(2)>"}
{"id":"h3","at":"2026-03-04T16:00:00+01:00","channel":"whatsapp","direction":"out","customer":"+393331234567","agent":"=1+2<script>alert(3)</script>","text":"Ci scusiamo per il disagio, è colpa del corriere. +39 -1 javascript:alert(4)"}
{"id":"-h4","at":"2026-03-05T10:00:00+01:00","channel":"whatsapp","direction":"in","customer":"+393331234567","text":"Ancora niente?\u0007\u001b[31m rosso"}
)jsonl";

}  // namespace fiducia::testing_support
