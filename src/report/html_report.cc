#include "report/html_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "common/time_text.h"
#include "report/escape.h"
#include "report/report_words.h"
#include "report/svg_chart.h"
#include "report/trends.h"
#include "rules/timing.h"
#include "text/analyser.h"

namespace fiducia {
namespace {

using std::chrono::seconds;

constexpr std::string_view kStyle = R"css(
:root{--good:#2e7d32;--warn:#ef6c00;--bad:#c62828;--ink:#1d2733;--soft:#5b6b7c;--line:#d8dee6}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 "DejaVu Sans",system-ui,sans-serif;color:var(--ink);background:#f5f7fa}
header{background:#1f3a5f;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;opacity:.85}nav{padding:8px 28px;background:#e8edf3;font-size:13px;position:sticky;top:0}
nav a{margin-right:12px;color:#1f3a5f}main{padding:8px 28px 40px;max-width:1280px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 20px;margin:18px 0}
h2{margin:0 0 10px;font-size:20px}h3{font-size:16px;margin:16px 0 6px}.lead{color:var(--soft);margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{flex:1 1 200px;border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.card b{display:block;font-size:30px}.card.bad b{color:var(--bad)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;margin:6px 0 12px;font-size:14px}th,td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:left;vertical-align:top}
th{background:#f0f3f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.score{font-weight:bold}.score.good{color:var(--good)}.score.warn{color:var(--warn)}.score.bad{color:var(--bad)}
details.f{border-left:4px solid var(--line);margin:4px 0;padding:2px 8px}details.f.high{border-color:var(--bad)}
details.f.medium{border-color:var(--warn)}details.f.low{border-color:#90a4ae}summary{cursor:pointer}
.sev{display:inline-block;min-width:64px;font-size:12px;text-transform:uppercase;color:var(--soft)}
.todo{margin:4px 0;color:#1f3a5f}ol.ev{margin:4px 0 8px;padding-left:22px;font-size:13px}.meta{color:var(--soft)}
.txt{white-space:pre-wrap;display:block;margin:2px 0;padding:4px 8px;background:#f7f7f2;border-radius:4px}
mark{background:#ffe082;padding:0 2px}.side{display:flex;gap:12px;margin:8px 0}.side>div{flex:1;border:1px solid var(--line);border-radius:6px;padding:8px}
.more{color:var(--soft);font-style:italic}.chart{display:block;margin:6px 0}.chart text{font:12px "DejaVu Sans",sans-serif;fill:#1d2733}
.chart .good{fill:#43a047}.chart .warn{fill:#fb8c00}.chart .bad{fill:#e53935}.chart .neutral{fill:#5c7a99}
.chart .heat{fill:#1f5fa8}.chart .spike{stroke:#c62828;stroke-width:2}.chart .spikemark{fill:#fff;font-size:11px}
.chart .quad{fill:#1f5fa8}.chart .big{font-size:15px;font-weight:bold}.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
footer{color:var(--soft);font-size:12px;padding:0 28px 24px}
)css";

Tone ScoreTone(double score) {
  return score >= 90 ? Tone::kGood : score >= 70 ? Tone::kWarn : Tone::kBad;
}

std::string_view ToneName(Tone t) {
  return t == Tone::kGood ? "good" : t == Tone::kWarn ? "warn" : "bad";
}

std::string Percent(double share) { return fmt::format("{:.1f}%", 100.0 * share); }

class HtmlWriter {
 public:
  HtmlWriter(const ReportModel& m, const HtmlReportOptions& o)
      : m_(m), a_(*m.audit), lang_(o.lang), options_(o) {}

  std::string Write() {
    out_.reserve(1 << 20);
    Head();
    Summary();
    Delays();
    for (const auto& family : m_.families) Family(family);
    Discordant();
    Promises();
    Grid();
    Alarms();
    Strain();
    Volume();
    Open("trends", "nav_trends", "trend_lead");
    out_ += TrendsHtml(m_.trends, lang_);  // escapes its text as everything here
    Close();
    out_ += fmt::format("</main><footer>{}</footer></body></html>\n", W("footer"));
    return std::move(out_);
  }

 private:
  std::string_view W(std::string_view key) const { return Word(key, lang_); }
  const Event& At(uint32_t i) const { return a_.corpus.events()[i]; }
  std::string Esc(std::string_view text) const { return HtmlEscaped(text); }
  std::string Wait(seconds d) const { return HumanWait(d, lang_); }
  std::string Customer(uint32_t timeline) const {
    return Esc(a_.corpus.symbols().Name(a_.timelines.customers[timeline].customer));
  }
  std::string When(const Event& e) const {
    return LocalTimeText(e.at, std::chrono::minutes(e.offset_minutes));
  }

  void Head() {
    const auto offset = m_.policy->calendar.OffsetAt(a_.as_of);
    out_ += fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<title>{}</title><style>{}</style></head><body>\n<header><h1>{}</h1><p>{} {} · {} {} · "
        "{} {} · {} {} · {} {}</p></header>\n<nav>",
        ToString(lang_), W("report_title"), kStyle, W("report_title"), W("as_of"),
        LocalTimeText(a_.as_of, offset), a_.messages, W("messages"), a_.timelines.customers.size(),
        W("customers"), a_.timelines.case_count, W("cases"), a_.findings.size(), W("findings"));
    for (const char* id : kHtmlSections) {
      out_ += fmt::format("<a href=\"#{}\">{}</a>", id, W(fmt::format("nav_{}", id)));
    }
    out_ += "</nav><main>\n";
  }

  void Open(std::string_view id, std::string_view title_key, std::string_view lead_key) {
    out_ += fmt::format("<section id=\"{}\"><h2>{}</h2>", id, W(title_key));
    if (!lead_key.empty()) out_ += fmt::format("<p class=\"lead\">{}</p>", W(lead_key));
  }
  void Close() { out_ += "</section>\n"; }

  void Card(uint64_t n, std::string_view key) {
    out_ += fmt::format("<div class=\"card {}\"><b>{}</b>{}</div>", n ? "bad" : "", n, W(key));
  }

  void Summary() {
    Open("summary", "summary", "summary_lead");
    out_ += "<div class=\"cards\">";
    Card(m_.customers_late, "customers_late");
    Card(m_.customers_unanswered, "customers_unanswered");
    Card(m_.customers_chasing, "customers_chasing");
    Card(m_.customers_two_truths, "customers_two_truths");
    out_ += "</div>";
    out_ += fmt::format("<h3>{}</h3><p class=\"lead\">{}</p>", W("trust_score_title"),
                        W("trust_score_explained"));
    out_ += "<div class=\"charts\">";
    ChannelScores();
    AgentScores();
    out_ += "</div>";
    RuleCounts();
    Close();
  }

  std::string Score(double score) const {
    return fmt::format("<td class=\"n score {}\">{:.0f}</td>", ToneName(ScoreTone(score)), score);
  }

  void ChannelScores() {
    out_ += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                        W("channel"), W("requests"), W("findings"), W("trust_score"));
    for (const auto& c : m_.channels) {
      out_ +=
          fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                      ChannelName(c.channel, lang_), c.requests, c.findings, Score(c.trust_score));
    }
    out_ += "</table>";
  }

  void AgentScores() {
    if (m_.agents.empty()) {
      out_ += fmt::format("<p class=\"more\">{}</p>", W("no_agents"));
      return;
    }
    out_ += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>", W("agent"),
                        W("replies"), W("findings"), W("trust_score"));
    for (const auto& r : m_.agents) {
      out_ += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>{}</tr>",
                          Esc(r.agent), r.replies, r.findings, Score(r.trust_score));
    }
    out_ += "</table>";
  }

  void RuleCounts() {
    std::vector<Bar> bars;
    for (Rule rule : kAllRules) {
      const uint64_t n = m_.per_rule[static_cast<size_t>(rule)];
      bars.push_back({std::string(RuleTitle(rule, lang_)), double(n), std::to_string(n),
                      n ? Tone::kBad : Tone::kNeutral});
    }
    out_ += fmt::format("<h3>{}</h3>", W("findings_per_rule"));
    out_ += SvgBars(bars, std::string(W("findings_per_rule")));
  }

  void Delays() {
    Open("delays", "delays", "delays_lead");
    out_ += "<div class=\"charts\">";
    for (const auto& c : m_.channels) {
      if (c.requests) ChannelDelays(c);
    }
    out_ += "</div>";
    ServiceTable();
    Waiting();
    Close();
  }

  void ChannelDelays(const ChannelService& c) {
    static constexpr const char* kBucketKeys[kWaitBuckets] = {"b_quarter", "b_half", "b_target",
                                                              "b_double",  "b_four", "b_more"};
    std::vector<Bar> bars;
    for (int b = 0; b < kWaitBuckets; ++b) {
      const uint64_t n = c.buckets[static_cast<size_t>(b)];
      bars.push_back({std::string(W(kBucketKeys[b])), double(n), std::to_string(n),
                      b <= 2   ? Tone::kGood
                      : b == 3 ? Tone::kWarn
                               : Tone::kBad});
    }
    const std::string title =
        fmt::format("{} — {} {}", ChannelName(c.channel, lang_), W("target"), Wait(c.target));
    out_ += fmt::format("<div><h3>{}</h3>", Esc(title));
    out_ += SvgBars(bars, title);
    const double share = double(c.within_target) / double(c.requests);
    out_ +=
        SvgShareBar({{std::string(W("within_target")), share, Percent(share), Tone::kGood},
                     {std::string(W("past_target")), 1 - share, Percent(1 - share), Tone::kBad}},
                    title);
    out_ += "</div>";
  }

  void ServiceTable() {
    out_ += fmt::format(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th></tr>",
        W("channel"), W("inbound"), W("requests"), W("share_within_target"), W("target"),
        W("median_hours"), W("p90_hours"), W("waiting"));
    for (const auto& c : m_.channels) {
      const std::string share =
          c.requests ? Percent(double(c.within_target) / double(c.requests)) : "–";
      out_ += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\">{}</td></tr>",
          ChannelName(c.channel, lang_), c.inbound, c.requests, share, Wait(c.target),
          Wait(c.median_wait), Wait(c.p90_wait), c.waiting);
    }
    out_ += "</table>";
  }

  void Waiting() {
    out_ += fmt::format("<h3>{}</h3>", W("waiting_longest"));
    if (m_.waiting.empty()) {
      out_ += fmt::format("<p class=\"more\">{}</p>", W("nobody_waiting"));
      return;
    }
    out_ += fmt::format(
        "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        W("customer"), W("channel"), W("case"), W("since"), W("waited"), W("message"));
    for (size_t i = 0; i < std::min(m_.waiting.size(), options_.waiting_shown); ++i) {
      const auto& w = m_.waiting[i];
      const Event& e = At(w.anchor);
      out_ += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>c{}</td><td>{}</td><td class=\"n\">{}</td>"
          "<td>{}</td></tr>",
          Esc(w.customer), ChannelName(w.channel, lang_), w.case_number, When(e), Wait(w.wait),
          Esc(a_.corpus.IdOf(e)));
    }
    out_ += "</table>";
  }

  void Family(const FamilyFindings& family) {
    const std::string key = fmt::format("findings_{}", ToString(family.family));
    Open(fmt::format("findings-{}", ToString(family.family)), key, key + "_lead");
    for (Rule rule : kAllRules) {
      if (RuleOf(rule).family == family.family) RuleFindings(rule, family.findings);
    }
    Close();
  }

  void RuleFindings(Rule rule, const std::vector<uint32_t>& findings) {
    const uint64_t total = m_.per_rule[static_cast<size_t>(rule)];
    out_ += fmt::format("<h3 id=\"rule-{}\">{} <span class=\"meta\">({})</span></h3>",
                        ToString(rule), RuleTitle(rule, lang_), total);
    if (total == 0) {
      out_ += fmt::format("<p class=\"more\">{}</p>", W("no_findings"));
      return;
    }
    size_t shown = 0;
    for (uint32_t i : findings) {
      const Finding& f = a_.findings[i];
      if (f.rule != rule) continue;
      if (shown++ == options_.findings_per_rule) break;
      OneFinding(f);
    }
    if (total > options_.findings_per_rule) {
      out_ += fmt::format("<p class=\"more\">{} {} {}</p>", options_.findings_per_rule,
                          W("shown_of"), fmt::format("{} — {}", total, W("see_spreadsheet")));
    }
  }

  void OneFinding(const Finding& f) {
    const Event& anchor = At(f.messages.front());
    out_ += fmt::format(
        "<details class=\"f {0}\"><summary><span class=\"sev\">{1}</span> {2} · c{3} · {4} · "
        "{5}{6}</summary><p class=\"todo\">{7}</p><ol class=\"ev\">",
        ToString(f.severity), W(ToString(f.severity)), Customer(f.timeline), f.case_number,
        When(anchor), ChannelName(anchor.channel, lang_),
        f.business_time ? " · " + Wait(*f.business_time) : "", Esc(Explain(f, a_.corpus, lang_)));
    std::vector<uint32_t> evidence = f.messages;
    if (RuleOf(f.rule).family == Family::kSilence) AddNoAnswerNeeded(f, evidence);
    std::sort(evidence.begin(), evidence.end(),
              [&](uint32_t x, uint32_t y) { return a_.corpus.ComesBefore(At(x), At(y)); });
    for (uint32_t m : evidence) {
      out_ += "<li>" + MessageLine(m, m == f.messages.front()) +
              TextOf(m, RuleOf(f.rule).trigger_cues) + "</li>";
    }
    out_ += "</ol></details>\n";
  }

  std::string MessageLine(uint32_t m, bool is_anchor) const {
    const Event& e = At(m);
    std::string agent;
    if (e.agent != kNoSymbol) agent = " · " + Esc(a_.corpus.symbols().Name(e.agent));
    // A customer's message the timing rules passed over says why: it asked nothing.
    std::string act;
    if (e.IsMessage() && e.direction == Direction::kIn && !e.is_auto && NeedsNoAnswer(e)) {
      act = fmt::format(" · <em class=\"act\">{}</em>",
                        W(fmt::format("no_answer_{}", ToString(NoAnswerReason(e)))));
    }
    return fmt::format("<span class=\"meta\">{} · {} · {}{} · {}{}{}</span>", When(e),
                       ChannelName(e.channel, lang_), W(ToString(e.direction)), agent,
                       Esc(a_.corpus.IdOf(e)), is_anchor ? " ★" : "", act);
  }

  // The evidence of a timing finding shows the case's customer messages that needed no answer from
  // its anchor up to its last message (or, while it waits, to the end): why they did not count.
  void AddNoAnswerNeeded(const Finding& f, std::vector<uint32_t>& evidence) const {
    const Timeline& t = a_.timelines.customers[f.timeline];
    const uint32_t first = a_.timelines.rank[f.messages.front()];
    uint32_t last = 0;
    for (uint32_t m : f.messages) last = std::max(last, a_.timelines.rank[m]);
    const bool open = f.rule == Rule::kUnanswered;
    for (size_t p = 0; p < t.events.size(); ++p) {
      if (t.cases[t.case_of[p]].number != f.case_number) continue;
      const uint32_t i = t.events[p];
      const Event& e = At(i);
      const uint32_t rank = a_.timelines.rank[i];
      if (rank <= first || (!open && rank >= last)) continue;
      if (e.IsMessage() && e.direction == Direction::kIn && !e.is_auto && NeedsNoAnswer(e)) {
        evidence.push_back(i);
      }
    }
  }

  // The message's text where the audit kept it, the words of `cues` marked; else nothing.
  std::string TextOf(uint32_t m, uint32_t cues) {
    const std::string_view text = a_.corpus.TextOf(m);
    if (text.empty()) return "";
    return "<q class=\"txt\">" + Highlighted(text, cues) + "</q>";
  }

  std::string Highlighted(std::string_view text, uint32_t cues) {
    std::vector<std::string> phrases;
    if (cues != kCueNone) phrases = TriggerPhrases(text, cues);
    std::string out;
    size_t at = 0;
    for (const auto& phrase : phrases) {
      const size_t found = FindFolded(text, phrase, at);
      if (found == std::string_view::npos) continue;
      AppendHtmlEscaped(out, text.substr(at, found - at));
      out += "<mark>";
      AppendHtmlEscaped(out, text.substr(found, phrase.size()));
      out += "</mark>";
      at = found + phrase.size();
    }
    AppendHtmlEscaped(out, text.substr(at));
    return out;
  }

  std::vector<std::string> TriggerPhrases(std::string_view text, uint32_t cues) {
    if (!analyser_) analyser_ = std::make_unique<TextAnalyser>();
    std::vector<Sentence> sentences;
    std::vector<CueEvidence> evidence;
    analyser_->Analyse(text, sentences, evidence);
    std::vector<std::string> phrases;
    for (const CueEvidence& e : evidence) {
      if ((e.cue & cues) == 0) continue;
      const auto& tokens = sentences[e.sentence].tokens;
      std::string words;
      for (size_t i = e.first_token; i <= e.last_token && i < tokens.size(); ++i) {
        if (!words.empty() && tokens[i].kind != TokenKind::kPunct && words.back() != '\'') {
          words += ' ';
        }
        words += tokens[i].form;
      }
      phrases.push_back(std::move(words));
    }
    return phrases;
  }

  // Where `needle` (lower-case) occurs in `text` from `from`, ASCII letters compared without case.
  static size_t FindFolded(std::string_view text, std::string_view needle, size_t from) {
    if (needle.empty() || needle.size() > text.size()) return std::string_view::npos;
    for (size_t i = from; i + needle.size() <= text.size(); ++i) {
      size_t k = 0;
      while (k < needle.size() && Fold(text[i + k]) == Fold(needle[k])) ++k;
      if (k == needle.size()) return i;
    }
    return std::string_view::npos;
  }
  static char Fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

  void Discordant() {
    Open("discordant", "discordant", "discordant_lead");
    size_t shown = 0;
    for (const Finding& f : a_.findings) {
      if (f.rule != Rule::kDiscordantAnswers || f.messages.size() < 2) continue;
      if (shown++ == options_.findings_per_rule) break;
      out_ += fmt::format("<h3>{} · c{}</h3><div class=\"side\"><div>{}</div><div>{}</div></div>",
                          Customer(f.timeline), f.case_number, SideOf(f.messages[1], "earlier"),
                          SideOf(f.messages[0], "later"));
    }
    if (shown == 0) out_ += fmt::format("<p class=\"more\">{}</p>", W("no_findings"));
    Close();
  }

  std::string SideOf(uint32_t m, std::string_view key) {
    return fmt::format("<b>{}</b><br>{}{}", W(key), MessageLine(m, false), TextOf(m, kCueNone));
  }

  void Promises() {
    Open("promises", "promises", "promises_lead");
    const auto& p = m_.promises;
    out_ += SvgBars(
        {{std::string(W("promises_kept")), double(p.kept), std::to_string(p.kept), Tone::kGood},
         {std::string(W("promises_broken")), double(p.broken), std::to_string(p.broken),
          Tone::kBad},
         {std::string(W("promises_silent")), double(p.silent), std::to_string(p.silent),
          Tone::kWarn}},
        std::string(W("promises")));
    out_ += fmt::format("<p>{}: {}</p>", W("promises_made"), p.made);
    Close();
  }

  void Grid() {
    Open("grid", "grid", "grid_lead");
    std::array<Quadrant, 4> quads;
    for (size_t q = 0; q < 4; ++q) {
      const GridRow& g = m_.grid[q];
      quads[q] = {
          std::string(W(ToString(g.cell))), fmt::format("{} · {}", g.requests, Percent(g.share)),
          fmt::format("{} {}", W("mean_wait"), Wait(g.mean_wait)),
          fmt::format("{:.1f} {}", g.replies_per_request, W("replies_per_request")), g.share};
    }
    out_ += SvgQuadrants(quads, std::string(W("axis_reasonable")), std::string(W("axis_possible")),
                         std::string(W("grid")));
    Close();
  }

  void Alarms() {
    Open("alarms", "alarms", "alarms_lead");
    FindingTable(Rule::kTrustAlarm);
    Close();
  }

  void FindingTable(Rule rule) {
    if (m_.per_rule[static_cast<size_t>(rule)] == 0) {
      out_ += fmt::format("<p class=\"more\">{}</p>", W("no_findings"));
      return;
    }
    out_ += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                        W("customer"), W("case"), W("at"), W("channel"), W("explanation"));
    size_t shown = 0;
    for (const Finding& f : a_.findings) {
      if (f.rule != rule) continue;
      if (shown++ == options_.findings_per_rule) break;
      const Event& e = At(f.messages.front());
      out_ += fmt::format("<tr><td>{}</td><td>c{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                          Customer(f.timeline), f.case_number, When(e),
                          ChannelName(e.channel, lang_), Esc(Explain(f, a_.corpus, lang_)));
    }
    out_ += "</table>";
  }

  void Strain() {
    Open("strain", "strain", "strain_lead");
    if (m_.agents.empty()) {
      out_ += fmt::format("<p class=\"more\">{}</p>", W("no_agents"));
    } else {
      out_ += fmt::format("<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
                          W("agent"), W("calls"), W("long_calls"), W("hostile_long_calls"),
                          W("agent_strain"));
      for (const auto& r : m_.agents) {
        out_ += fmt::format(
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
            "<td class=\"n\">{}</td></tr>",
            Esc(r.agent), r.calls, r.long_calls, r.hostile_long_calls, r.strain_findings);
      }
      out_ += "</table>";
    }
    Close();
  }

  void Volume() {
    Open("volume", "volume", "volume_lead");
    std::array<std::string, 7> days;
    for (size_t d = 0; d < 7; ++d) days[d] = std::string(W(fmt::format("day{}", d + 1)));
    out_ += SvgHeatmap(m_.heatmap, m_.spike, days, std::string(W("volume")));
    out_ += fmt::format("<p class=\"meta\">{} {}</p>", W("volume_zone"),
                        Esc(m_.policy->calendar.time_zone_name()));
    Close();
  }

  const ReportModel& m_;
  const AuditResult& a_;
  Lang lang_;
  HtmlReportOptions options_;
  std::string out_;
  std::unique_ptr<TextAnalyser> analyser_;  // made on the first kept text
};

}  // namespace

std::string HtmlReport(const ReportModel& model, const HtmlReportOptions& options) {
  return HtmlWriter(model, options).Write();
}

}  // namespace fiducia
