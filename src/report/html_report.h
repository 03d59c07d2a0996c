// The report a team lead reads: one self-contained HTML file (inline CSS and SVG, no script, no
// network; a Content-Security-Policy that forbids both), in the report language. Every byte of
// customer text in it is escaped.
#pragma once

#include <cstddef>
#include <string>

#include "report/language.h"
#include "report/report_model.h"

namespace fiducia {

struct HtmlReportOptions {
  Lang lang = Lang::kEn;
  // Findings listed per rule; the rest are counted and left to the spreadsheet and CSV files,
  // so that the page stays small and opens fast on big audits.
  size_t findings_per_rule = 2000;
  size_t waiting_shown = 20;  // the customers waiting longest right now
};

std::string HtmlReport(const ReportModel& model, const HtmlReportOptions& options);

// The section ids every report has, in order (tests check them).
inline constexpr const char* kHtmlSections[] = {"summary",
                                                "delays",
                                                "findings-silence",
                                                "findings-wording",
                                                "findings-promises",
                                                "findings-discordance",
                                                "findings-trust",
                                                "findings-team",
                                                "discordant",
                                                "promises",
                                                "grid",
                                                "alarms",
                                                "strain",
                                                "volume",
                                                "trends"};

}  // namespace fiducia
