#include "report/audit_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <thread>
#include <variant>

#include "common/json_writer.h"
#include "common/parallel.h"
#include "common/time_text.h"
#include "report/grid_table.h"
#include "report/trends.h"
#include "rules/case_classes.h"
#include "rules/timing.h"
#include "text/facts.h"

namespace fiducia {
namespace {

// The lambdas of a std::visit, one per alternative.
template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

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

// "c" and the number (written for every case and finding: no format string parsed each time).
std::string CaseId(uint32_t number) {
  std::array<char, 16> text{'c'};
  char* end = std::to_chars(text.data() + 1, text.data() + text.size(), number).ptr;
  return std::string(text.data(), static_cast<size_t>(end - text.data()));
}

// The channels in the order of their names, as the report lists a case's channels.
std::array<Channel, kChannelCount> ChannelsByName() {
  std::array<Channel, kChannelCount> order{};
  for (int c = 0; c < kChannelCount; ++c) order[c] = static_cast<Channel>(c);
  std::sort(order.begin(), order.end(),
            [](Channel a, Channel b) { return ToString(a) < ToString(b); });
  return order;
}

// The requests of each case, in the order of `requests`: case n's are
// index[start[n - 1]] .. index[start[n] - 1].
struct RequestsByCase {
  std::vector<uint32_t> start, index;
  RequestsByCase(const std::vector<RequestOutcome>& requests, size_t cases)
      : start(cases + 1), index(requests.size()) {
    for (const auto& r : requests) ++start[r.case_number];
    for (size_t c = 1; c <= cases; ++c) start[c] += start[c - 1];
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (size_t i = 0; i < requests.size(); ++i) {
      index[next[requests[i].case_number - 1]++] = static_cast<uint32_t>(i);
    }
  }
  std::span<const uint32_t> Of(uint32_t case_number) const {
    return {index.data() + start[case_number - 1], start[case_number] - start[case_number - 1]};
  }
};

std::string EventTime(const Event& e) {
  return FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes));
}

// Writes `count` array elements that do not depend on one another, `write_one(w, i)` each, into
// `w`: in chunks rendered on every core a round at a time, then spliced in order, so that the bytes
// are those of writing them one after the other and memory holds one round of chunks.
template <class WriteOne>
void WriteElements(JsonWriter& w, size_t count, const WriteOne& write_one) {
  constexpr size_t kChunk = 1024;
  const unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  std::vector<JsonWriter> round;
  for (size_t base = 0; base < count; base += kChunk * threads) {
    round.assign(threads, JsonWriter::ElementsOf(w));
    auto render = [&](unsigned t) {
      const size_t from = base + t * kChunk;
      for (size_t i = from; i < std::min(from + kChunk, count); ++i) write_one(round[t], i);
    };
    unsigned parts = 1;
    while (parts < threads && base + parts * kChunk < count) ++parts;
    RunInParallel(parts, render);
    for (const JsonWriter& part : round) w.Append(part);
  }
}

class AuditJsonWriter {
 public:
  // `model` is null when only findings are written.
  AuditJsonWriter(const AuditResult& r, const AuditPolicy& config, const ReportModel* model,
                  Lang lang)
      : r_(r), config_(config), model_(model), lang_(lang) {}
  AuditJsonWriter(const ReportModel& model, Lang lang, std::ostream& out)
      : r_(*model.audit), config_(*model.policy), model_(&model), lang_(lang), w_(true, out) {}

  std::string Write() {
    w_.BeginObject().Key("format").String("fiducia-audit/1");
    w_.Key("as_of").String(FormatRfc3339(r_.as_of, config_.calendar.OffsetAt(r_.as_of)));
    w_.Key("lang").String(ToString(lang_));
    Summary();
    WriteTrendsJson(w_, model_->trends);  // added keys: period, span, periods, comparison
    Cases();
    Findings();
    Grid();
    Agents();
    w_.EndObject().Finish();
    return w_.Take();
  }

  std::string WriteFindings(const std::function<bool(const Finding&)>& keep) {
    w_.BeginObject();
    Findings(keep);
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
      w_.Key(ToString(rule)).Int(static_cast<int64_t>(model_->per_rule[static_cast<size_t>(rule)]));
    }
    w_.EndObject();
    w_.Key("corrections").Int(static_cast<int64_t>(r_.trust.corrections));
    w_.Key("promises").BeginObject();
    w_.Key("kept").Int(static_cast<int64_t>(r_.trust.promises_kept));
    w_.Key("broken").Int(static_cast<int64_t>(r_.trust.promises_broken));
    w_.Key("pending").Int(static_cast<int64_t>(r_.trust.promises_pending));
    w_.EndObject().EndObject();
  }

  void Cases() {
    const RequestsByCase requests(r_.requests, r_.timelines.case_count);
    const std::vector<CaseRef> cases = CasesByNumber(r_.timelines);
    w_.Key("cases").BeginArray();
    WriteElements(w_, cases.size(), [&](JsonWriter& w, size_t i) {
      OneCase(w, cases[i], requests.Of(cases[i].kase->number));
    });
    w_.EndArray();
  }

  void OneCase(JsonWriter& w, const CaseRef& ref, std::span<const uint32_t> requests) const {
    const Case& c = *ref.kase;
    w.BeginObject().Key("id").String(CaseId(c.number));
    w.Key("customer").String(Handle(ref.timeline->customer));
    w.Key("first_message").String(Id(c.first_event));
    if (c.conversation != kNoSymbol) w.Key("conversation").String(Handle(c.conversation));
    unsigned channels = 0;  // one bit per channel
    for (uint32_t i : c.events) {
      const Event& e = r_.corpus.events()[i];
      if (e.IsMessage()) channels |= 1u << static_cast<unsigned>(e.channel);
    }
    w.Key("channels").BeginArray();
    for (Channel ch : channels_by_name_) {
      if (channels & (1u << static_cast<unsigned>(ch))) w.String(ToString(ch));
    }
    w.EndArray();
    OptionalString(w, "complaint", ComplaintOf(r_.corpus, c));
    w.Key("requests").BeginArray();
    for (uint32_t request : requests) {
      const RequestGrid& g = r_.grid[request];
      w.BeginObject().Key("message").String(Id(r_.requests[request].anchor));
      w.Key("class").String(ToString(g.grid));  // every request has one
      w.Key("class_from").String(g.from_tags ? "tags" : "words");
      w.EndObject();
    }
    w.EndArray();
    NoAnswerNeeded(w, c);
    w.EndObject();
  }

  // An added key: the case's customer messages that needed no answer, and why (closing,
  // acknowledgement, reaction, not_addressed), in time order; left out when there are none.
  void NoAnswerNeeded(JsonWriter& w, const Case& c) const {
    bool any = false;
    for (uint32_t i : c.events) {
      const Event& e = r_.corpus.events()[i];
      if (!e.IsMessage() || e.direction != Direction::kIn || e.is_auto || !NeedsNoAnswer(e)) {
        continue;
      }
      if (!any) w.Key("no_answer_needed").BeginArray();
      any = true;
      w.BeginObject().Key("message").String(Id(i));
      w.Key("why").String(ToString(NoAnswerReason(e))).EndObject();
    }
    if (any) w.EndArray();
  }

  static void OptionalString(JsonWriter& w, std::string_view key,
                             std::optional<std::string_view> value) {
    w.Key(key);
    if (value) {
      w.String(*value);
    } else {
      w.Null();
    }
  }

  void Findings(const std::function<bool(const Finding&)>& keep = {}) {
    w_.Key("findings").BeginArray();
    WriteElements(w_, r_.findings.size(), [&](JsonWriter& w, size_t i) {
      if (!keep || keep(r_.findings[i])) OneFinding(w, r_.findings[i]);
    });
    w_.EndArray();
  }

  void OneFinding(JsonWriter& w, const Finding& f) const {
    const auto& t = r_.timelines.customers[f.timeline];
    w.BeginObject().Key("rule").String(ToString(f.rule));
    w.Key("severity").String(ToString(f.severity));
    w.Key("customer").String(Handle(t.customer));
    w.Key("case").String(CaseId(f.case_number));
    w.Key("messages").BeginArray();
    for (uint32_t m : f.messages) w.String(Id(m));
    w.EndArray();
    w.Key("at").String(EventTime(r_.corpus.events()[f.messages.front()]));
    if (f.business_time) w.Key("business_seconds").Int(f.business_time->count());
    w.Key("channel").String(ToString(r_.corpus.events()[f.messages.front()].channel));
    RuleDetail(w, f);
    w.Key("explanation").String(Explain(f, r_.corpus, lang_));
    w.EndObject();
  }

  // What one rule adds: the deadline of a broken promise, and its detail as its catalogue row
  // reads it (the subject two answers disagree on, the parts a repair missed, the size of a spike).
  void RuleDetail(JsonWriter& w, const Finding& f) const {
    if (f.deadline) {
      w.Key("deadline").String(FormatRfc3339(*f.deadline, config_.calendar.OffsetAt(*f.deadline)));
    }
    std::visit(
        Overloaded{[](std::monostate) {},
                   [&](FactSubject d) { w.Key("subject").String(FactSubjectName(d.subject)); },
                   [&](MessageCount d) { w.Key("messages_in_hour").Int(d.messages); },
                   [&](RepairParts d) {
                     w.Key("missing").BeginArray();
                     for (Cue c : {kCueEmpathy, kCueResponsibility, kCueCommitment}) {
                       if (d.missing & c) w.String(ToString(c));
                     }
                     w.EndArray();
                   }},
        f.detail);
  }

  static void GridRowJson(JsonWriter& w, const GridSummaryRow& row, std::string_view key) {
    w.BeginObject().Key(key).String(row.who);
    w.Key("requests").Int(row.Classified());
    w.Key("cells").BeginObject();
    for (size_t i = 0; i < std::size(kGridCells); ++i) {
      const GridCellTotals& c = row.cells[i];
      w.Key(ToString(kGridCells[i])).BeginObject();
      w.Key("requests").Int(c.requests);
      w.Key("share").Fixed(row.Share(i), 3);
      w.Key("agent_messages").Int(c.agent_messages);
      w.Key("phone_minutes").Int((c.phone_seconds + 59) / 60);
      w.EndObject();
    }
    w.EndObject().Key("months").BeginObject();
    for (const GridMonth& month : row.months) {
      w.Key(month.Name()).BeginObject();
      for (size_t i = 0; i < month.requests.size(); ++i) {
        w.Key(ToString(kGridCells[i])).Int(month.requests[i]);
      }
      w.EndObject();
    }
    w.EndObject().EndObject();
  }

  void Grid() {
    const GridTable& table = model_->grid_table;
    w_.Key("grid").BeginObject().Key("total");
    GridRowJson(w_, table.total, "of");
    w_.Key("customers").BeginArray();
    WriteElements(w_, table.customers.size(),
                  [&](JsonWriter& w, size_t i) { GridRowJson(w, table.customers[i], "customer"); });
    w_.EndArray().Key("accounts").BeginArray();
    for (const GridSummaryRow& row : table.accounts) GridRowJson(w_, row, "account");
    w_.EndArray().EndObject();
  }

  void Agents() {
    w_.Key("agents").BeginArray();
    for (const AgentDay& d : r_.agent_days) {
      w_.BeginObject().Key("agent").String(Handle(d.agent));
      w_.Key("day").String(date::format("%F", d.day));
      w_.Key("messages").Int(d.messages).Key("calls").Int(d.calls);
      w_.Key("call_minutes").Int((d.call_seconds + 59) / 60);
      w_.Key("long_hostile_calls").Int(d.hostile_calls);
      w_.EndObject();
    }
    w_.EndArray();
  }

  const AuditResult& r_;
  const AuditPolicy& config_;
  const ReportModel* model_;
  Lang lang_;
  JsonWriter w_;
  std::array<Channel, kChannelCount> channels_by_name_ = ChannelsByName();
};

}  // namespace

std::string AuditJson(const ReportModel& model, Lang lang) {
  return AuditJsonWriter(*model.audit, *model.policy, &model, lang).Write();
}

std::string AuditJson(const AuditResult& result, const AuditPolicy& config, Lang lang) {
  return AuditJson(BuildReportModel(result, config, ReportDepth::kSummary), lang);
}

Status WriteAuditJson(const ReportModel& model, Lang lang, std::ostream& out) {
  AuditJsonWriter(model, lang, out).Write();
  return out ? Status::Ok() : Status::IoError("the audit JSON could not be written");
}

std::string FindingsJson(const AuditResult& result, const AuditPolicy& config, Lang lang,
                         const std::function<bool(const Finding&)>& keep) {
  return AuditJsonWriter(result, config, nullptr, lang).WriteFindings(keep);
}

}  // namespace fiducia
