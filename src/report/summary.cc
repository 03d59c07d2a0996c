#include "report/summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "common/terminal.h"
#include "common/time_text.h"

namespace fiducia {
namespace {

// ANSI colours of the summary on a terminal; nothing when `on` is false.
struct Paint {
  bool on = false;
  std::string operator()(std::string_view text, std::string_view code) const {
    if (!on) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
};
constexpr std::string_view kBold = "1", kRed = "31", kGreen = "32", kYellow = "33";

std::string Header(const AuditResult& r, const AuditPolicy& config, Lang lang, Paint paint) {
  std::string out =
      fmt::format("{} — {} {}, {} {}, {} {}, {} {}; {} {}\n", paint(Phrase("title", lang), kBold),
                  r.ingest.files, Phrase("files", lang), r.messages, Phrase("messages", lang),
                  r.timelines.customers.size(), Phrase("customers", lang), r.timelines.case_count,
                  Phrase("cases", lang), Phrase("as_of", lang),
                  FormatRfc3339(r.as_of, config.calendar.OffsetAt(r.as_of)));
  if (r.ingest.skipped) out += fmt::format("  {} {}\n", r.ingest.skipped, Phrase("skipped", lang));
  if (r.ingest.files_skipped) {
    out += fmt::format("  {} {}\n", r.ingest.files_skipped, Phrase("files_skipped", lang));
  }
  if (r.ingest.duplicates) {
    out += fmt::format("  {} {}\n", r.ingest.duplicates, Phrase("duplicates", lang));
  }
  return out;
}

std::string RuleTable(const ReportModel& m, Lang lang, Paint paint) {
  std::string out = fmt::format("\n{}\n  {:<30}{:>8}\n", paint(Phrase("findings", lang), kBold),
                                Phrase("rule", lang), Phrase("count", lang));
  for (Rule rule : kAllRules) {
    const uint64_t n = m.per_rule[static_cast<size_t>(rule)];
    out += fmt::format("  {:<30}{}\n", ToString(rule),
                       paint(fmt::format("{:>8}", n), n ? kRed : kGreen));
  }
  return out;
}

std::string ShareColour(const ChannelService& s) {
  const double share = double(s.within_target) / double(s.requests);
  return std::string(share >= 0.9 ? kGreen : share >= 0.7 ? kYellow : kRed);
}

std::string ChannelTable(const ReportModel& m, Lang lang, Paint paint) {
  std::string out = fmt::format(
      "\n{}\n  {:<10}{:>10}{:>10}{:>16}{:>10}{:>14}\n", paint(Phrase("service", lang), kBold),
      Phrase("channel", lang), Phrase("inbound", lang), Phrase("requests", lang),
      Phrase("in_target", lang), Phrase("target", lang), Phrase("findings_col", lang));
  for (const ChannelService& s : m.channels) {
    if (s.inbound == 0 && s.requests == 0) continue;
    const std::string share =
        s.requests ? fmt::format("{:.1f}%", 100.0 * double(s.within_target) / double(s.requests))
                   : "-";
    out += fmt::format("  {:<10}{:>10}{:>10}{}{:>10}{:>14}\n", ChannelName(s.channel, lang),
                       s.inbound, s.requests,
                       s.requests ? paint(fmt::format("{:>16}", share), ShareColour(s))
                                  : fmt::format("{:>16}", share),
                       HumanWait(s.target, lang), s.findings);
  }
  return out;
}

std::string LongestWaits(const ReportModel& m, const SummaryOptions& options, Paint paint) {
  const AuditResult& r = *m.audit;
  const std::vector<const RequestOutcome*>& late = m.late;
  const Lang lang = options.lang;
  std::string out = fmt::format("\n{}\n", paint(Phrase("longest", lang), kBold));
  if (late.empty()) out += fmt::format("  {}\n", Phrase("none", lang));
  for (size_t i = 0; i < std::min(late.size(), options.longest_waits); ++i) {
    const auto& q = *late[i];
    const Event& e = r.corpus.events()[q.anchor];
    out += fmt::format("  {}. {:<28} {:<9} {:>12}  {:<15} c{} {}\n", i + 1,
                       TerminalSafe(r.corpus.symbols().Name(e.customer)),
                       ChannelName(q.channel, lang), HumanWait(q.wait, lang),
                       Phrase(q.answered ? "answered_after" : "waiting", lang), q.case_number,
                       TerminalSafe(r.corpus.IdOf(e)));
  }
  return out;
}

}  // namespace

std::string TerminalSummary(const ReportModel& model, const SummaryOptions& options) {
  const Paint paint{options.colour};
  std::string out = Header(*model.audit, *model.policy, options.lang, paint);
  out += RuleTable(model, options.lang, paint);
  out += ChannelTable(model, options.lang, paint);
  out += LongestWaits(model, options, paint);
  out += TrendsText(model.trends, options.lang) + ComparisonText(model.trends, options.lang);
  if (options.elapsed.count() >= 0) {
    out += fmt::format("\n{}: {:.2f} s\n", Phrase("elapsed", options.lang),
                       double(options.elapsed.count()) / 1000.0);
  }
  return out;
}

std::string TerminalSummary(const AuditResult& result, const AuditPolicy& config,
                            const SummaryOptions& options) {
  return TerminalSummary(BuildReportModel(result, config, ReportDepth::kSummary), options);
}

}  // namespace fiducia
