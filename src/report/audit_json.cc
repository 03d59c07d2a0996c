#include "report/audit_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "common/json_writer.h"
#include "common/time_text.h"
#include "rules/case_classes.h"

namespace fiducia {
namespace {

struct CaseRef {
  const Timeline* timeline = nullptr;
  const Case* kase = nullptr;
};

std::vector<CaseRef> CasesByNumber(const Timelines& timelines) {
  std::vector<CaseRef> cases(timelines.case_count);
  for (const auto& t : timelines.customers) {
    for (const auto& c : t.cases) cases[c.number - 1] = {&t, &c};
  }
  return cases;
}

std::string CaseId(uint32_t number) { return fmt::format("c{}", number); }

std::string EventTime(const Event& e) {
  return FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes));
}

class AuditJsonWriter {
 public:
  AuditJsonWriter(const AuditResult& r, const AuditConfig& config, Lang lang)
      : r_(r), config_(config), lang_(lang) {}

  std::string Write() {
    w_.BeginObject().Key("format").String("fiducia-audit/1");
    w_.Key("as_of").String(FormatRfc3339(r_.as_of, config_.calendar.OffsetAt(r_.as_of)));
    w_.Key("lang").String(ToString(lang_));
    Summary();
    Cases();
    Findings();
    return w_.EndObject().Take();
  }

 private:
  std::string_view Handle(Symbol s) const { return r_.corpus.symbols().Name(s); }
  std::string_view Id(uint32_t event) const { return r_.corpus.IdOf(r_.corpus.events()[event]); }

  void Summary() {
    w_.Key("summary").BeginObject();
    w_.Key("messages").Int(static_cast<int64_t>(r_.messages));
    w_.Key("customers").Int(static_cast<int64_t>(r_.timelines.customers.size()));
    w_.Key("cases").Int(static_cast<int64_t>(r_.timelines.case_count));
    w_.Key("requests").Int(static_cast<int64_t>(r_.requests.size()));
    w_.Key("skipped_records").Int(static_cast<int64_t>(r_.ingest.skipped));
    w_.Key("duplicate_events").Int(static_cast<int64_t>(r_.ingest.duplicates));
    w_.Key("findings").BeginObject();
    for (Rule rule : kAllRules) {
      const auto n = std::count_if(r_.findings.begin(), r_.findings.end(),
                                   [rule](const Finding& f) { return f.rule == rule; });
      w_.Key(ToString(rule)).Int(n);
    }
    w_.EndObject().EndObject();
  }

  void Cases() {
    std::vector<std::vector<uint32_t>> requests_of_case(r_.timelines.case_count);
    for (const auto& req : r_.requests) requests_of_case[req.case_number - 1].push_back(req.anchor);
    w_.Key("cases").BeginArray();
    for (const auto& ref : CasesByNumber(r_.timelines)) {
      OneCase(ref, requests_of_case[ref.kase->number - 1]);
    }
    w_.EndArray();
  }

  void OneCase(const CaseRef& ref, const std::vector<uint32_t>& requests) {
    const Case& c = *ref.kase;
    w_.BeginObject().Key("id").String(CaseId(c.number));
    w_.Key("customer").String(Handle(ref.timeline->customer));
    w_.Key("first_message").String(Id(c.first_event));
    if (c.conversation != kNoSymbol) w_.Key("conversation").String(Handle(c.conversation));
    std::set<std::string_view> channels;
    for (uint32_t i : c.events) {
      const Event& e = r_.corpus.events()[i];
      if (e.IsMessage()) channels.insert(ToString(e.channel));
    }
    w_.Key("channels").BeginArray();
    for (auto ch : channels) w_.String(ch);
    w_.EndArray();
    OptionalString("complaint", ComplaintOf(r_.corpus, c));
    w_.Key("requests").BeginArray();
    for (uint32_t anchor : requests) {
      w_.BeginObject().Key("message").String(Id(anchor));
      OptionalString("class", RequestClassFromTags(r_.corpus, c, anchor));
      w_.EndObject();
    }
    w_.EndArray().EndObject();
  }

  void OptionalString(std::string_view key, std::optional<std::string_view> value) {
    w_.Key(key);
    if (value) {
      w_.String(*value);
    } else {
      w_.Null();
    }
  }

  void Findings() {
    w_.Key("findings").BeginArray();
    for (const auto& f : r_.findings) {
      const auto& t = r_.timelines.customers[f.timeline];
      w_.BeginObject().Key("rule").String(ToString(f.rule));
      w_.Key("severity").String(ToString(f.severity));
      w_.Key("customer").String(Handle(t.customer));
      w_.Key("case").String(CaseId(f.case_number));
      w_.Key("messages").BeginArray();
      for (uint32_t m : f.messages) w_.String(Id(m));
      w_.EndArray();
      w_.Key("at").String(EventTime(r_.corpus.events()[f.messages.front()]));
      if (f.business_time) w_.Key("business_seconds").Int(f.business_time->count());
      w_.Key("channel").String(ToString(r_.corpus.events()[f.messages.front()].channel));
      w_.Key("explanation").String(Explain(f, r_.corpus, lang_));
      w_.EndObject();
    }
    w_.EndArray();
  }

  const AuditResult& r_;
  const AuditConfig& config_;
  Lang lang_;
  JsonWriter w_;
};

}  // namespace

std::string AuditJson(const AuditResult& result, const AuditConfig& config, Lang lang) {
  return AuditJsonWriter(result, config, lang).Write();
}

}  // namespace fiducia
