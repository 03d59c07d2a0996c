#include "report/report_tables.h"

#include <fmt/format.h>

#include <numeric>

#include "report/report_words.h"

namespace fiducia {
namespace {

int64_t Int(uint64_t n) { return static_cast<int64_t>(n); }

std::string MessageIds(const Finding& f, const Corpus& corpus) {
  std::string ids;
  for (uint32_t m : f.messages) {
    if (!ids.empty()) ids += ' ';
    ids += corpus.IdOf(corpus.events()[m]);
  }
  return ids;
}

// What to do about a rule's findings: the second half of its explanation ("…: answer now, …"),
// from its first finding, so that the spreadsheet need not repeat it on every row.
std::string WhatToDo(const ReportModel& m, Rule rule, Lang lang) {
  const AuditResult& a = *m.audit;
  for (uint32_t i : m.families[static_cast<size_t>(RuleOf(rule).family)].findings) {
    if (a.findings[i].rule != rule) continue;
    std::string explanation = Explain(a.findings[i], a.corpus, lang);
    const size_t colon = explanation.find(": ");
    if (colon == std::string::npos) return explanation;
    std::string advice = explanation.substr(colon + 2);
    if (!advice.empty() && advice[0] >= 'a' && advice[0] <= 'z') advice[0] -= 'a' - 'A';
    return advice;
  }
  return "";
}

ReportTable SummaryTable(const ReportModel& m, Lang lang) {
  const AuditResult& a = *m.audit;
  ReportTable t{"summary", {"metric", "label", "value", "what_to_do"}, {}};
  auto add = [&](std::string_view key, uint64_t value) {
    t.rows.push_back({std::string(key), std::string(Word(key, lang)), Int(value), std::string()});
  };
  add("messages", a.messages);
  add("customers", a.timelines.customers.size());
  add("cases", a.timelines.case_count);
  add("requests", a.requests.size());
  add("findings", a.findings.size());
  add("customers_late", m.customers_late);
  add("customers_unanswered", m.customers_unanswered);
  add("customers_chasing", m.customers_chasing);
  add("customers_two_truths", m.customers_two_truths);
  for (Rule rule : kAllRules) {
    t.rows.push_back({std::string(ToString(rule)), std::string(RuleTitle(rule, lang)),
                      Int(m.per_rule[static_cast<size_t>(rule)]), WhatToDo(m, rule, lang)});
  }
  return t;
}

ReportTable FamilyTable(const ReportModel& m, const FamilyFindings& family) {
  const AuditResult& a = *m.audit;
  ReportTable t{fmt::format("findings_{}", ToString(family.family)),
                {"rule", "severity", "customer", "case", "channel", "at", "business_hours",
                 "target_hours", "agent", "messages"},
                {}};
  t.rows.reserve(family.findings.size());
  for (uint32_t i : family.findings) {
    const Finding& f = a.findings[i];
    const Event& anchor = a.corpus.events()[f.messages.front()];
    const auto agent = AgentOf(f, a.corpus);
    t.rows.push_back(
        {std::string(ToString(f.rule)), std::string(ToString(f.severity)),
         std::string(a.corpus.symbols().Name(a.timelines.customers[f.timeline].customer)),
         fmt::format("c{}", f.case_number), std::string(ToString(anchor.channel)),
         DateCell{anchor.at, std::chrono::minutes(anchor.offset_minutes)},
         f.business_time ? Cell(Hours(*f.business_time)) : Cell(std::string()),
         f.target.count() ? Cell(Hours(f.target)) : Cell(std::string()),
         std::string(agent ? a.corpus.symbols().Name(*agent) : ""), MessageIds(f, a.corpus)});
  }
  return t;
}

ReportTable ChannelTable(const ReportModel& m) {
  ReportTable t{"channels",
                {"channel", "inbound", "requests", "within_target", "share_within_target",
                 "target_hours", "median_hours", "p90_hours", "waiting", "findings", "trust_score"},
                {}};
  for (const auto& c : m.channels) {
    const double share = c.requests ? double(c.within_target) / double(c.requests) : 0;
    t.rows.push_back({std::string(ToString(c.channel)), Int(c.inbound), Int(c.requests),
                      Int(c.within_target), share, Hours(c.target), Hours(c.median_wait),
                      Hours(c.p90_wait), Int(c.waiting), Int(c.findings), c.trust_score});
  }
  return t;
}

ReportTable AgentTable(const ReportModel& m) {
  ReportTable t{"agents",
                {"agent", "replies", "findings", "trust_score", "calls", "long_calls",
                 "hostile_long_calls", "agent_strain"},
                {}};
  for (const auto& r : m.agents) {
    t.rows.push_back({r.agent, Int(r.replies), Int(r.findings), r.trust_score, Int(r.calls),
                      Int(r.long_calls), Int(r.hostile_long_calls), Int(r.strain_findings)});
  }
  return t;
}

ReportTable WaitingTable(const ReportModel& m) {
  const Corpus& corpus = m.audit->corpus;
  ReportTable t{"waiting",
                {"customer", "channel", "case", "since", "waited_hours", "target_hours", "message"},
                {}};
  for (const auto& w : m.waiting) {
    const Event& e = corpus.events()[w.anchor];
    t.rows.push_back({w.customer, std::string(ToString(w.channel)),
                      fmt::format("c{}", w.case_number),
                      DateCell{e.at, std::chrono::minutes(e.offset_minutes)}, Hours(w.wait),
                      Hours(w.target), std::string(corpus.IdOf(e))});
  }
  return t;
}

ReportTable GridCellsTable(const ReportModel& m) {
  ReportTable t{
      "grid", {"class", "requests", "share", "mean_wait_hours", "replies_per_request"}, {}};
  for (const auto& g : m.grid) {
    t.rows.push_back({std::string(ToString(g.cell)), Int(g.requests), g.share, Hours(g.mean_wait),
                      g.replies_per_request});
  }
  return t;
}

ReportTable PromiseTable(const ReportModel& m) {
  ReportTable t{"promises", {"state", "count"}, {}};
  t.rows.push_back({std::string("made"), Int(m.promises.made)});
  t.rows.push_back({std::string("kept"), Int(m.promises.kept)});
  t.rows.push_back({std::string("broken"), Int(m.promises.broken)});
  t.rows.push_back({std::string("silent"), Int(m.promises.silent)});
  return t;
}

ReportTable HeatmapTable(const ReportModel& m) {
  ReportTable t{"heatmap", {"weekday", "hour", "inbound", "spike"}, {}};
  for (int d = 0; d < 7; ++d) {
    for (int h = 0; h < 24; ++h) {
      t.rows.push_back(
          {int64_t{d + 1}, int64_t{h}, Int(m.heatmap[d][h]), int64_t{m.spike[d][h] ? 1 : 0}});
    }
  }
  return t;
}

}  // namespace

HoursCell Hours(std::chrono::seconds d) { return {double(d.count()) / 3600.0}; }

std::vector<ReportTable> ReportTables(const ReportModel& model, Lang lang) {
  std::vector<ReportTable> tables;
  tables.push_back(SummaryTable(model, lang));
  for (const auto& family : model.families) tables.push_back(FamilyTable(model, family));
  tables.push_back(ChannelTable(model));
  tables.push_back(AgentTable(model));
  tables.push_back(WaitingTable(model));
  tables.push_back(GridCellsTable(model));
  tables.push_back(PromiseTable(model));
  tables.push_back(HeatmapTable(model));
  tables.push_back(PeriodsTable(model.trends));
  if (model.trends.comparison) tables.push_back(ComparisonTable(*model.trends.comparison));
  return tables;
}

}  // namespace fiducia
