#include "report/trends.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "common/terminal.h"
#include "report/escape.h"
#include "report/report_model.h"
#include "report/report_tables.h"
#include "report/report_words.h"
#include "report/svg_chart.h"

namespace fiducia {
namespace {

using date::days;
using date::local_days;
using std::chrono::seconds;

local_days PeriodStart(local_days day, PeriodKind kind) {
  if (kind == PeriodKind::kWeek) {
    return day - days(date::weekday(day).iso_encoding() - 1);  // back to Monday
  }
  const date::year_month_day ymd(day);
  return local_days(ymd.year() / ymd.month() / 1);
}

local_days NextPeriod(local_days start, PeriodKind kind) {
  if (kind == PeriodKind::kWeek) return start + days(7);
  const date::year_month_day ymd(start);
  return local_days((ymd.year() / ymd.month() + date::months(1)) / 1);
}

// What one span's figures are made of, filled request by request and finding by finding.
class Tally {
 public:
  void AddRequest(const RequestOutcome& q) {
    auto& c = channels_[static_cast<size_t>(q.channel)];
    ++c.requests;
    c.within_target += q.within_target ? 1 : 0;
    c.waits.push_back(q.wait);
  }
  void AddFinding(const Finding& f) {
    auto& c = channels_[static_cast<size_t>(f.channel)];
    ++c.findings;
    c.weighted += SeverityWeight(f.severity);
    ++c.per_rule[RuleIndex(f.rule)];
  }
  // `listed`: the channels to list (those with requests or findings in the whole audit).
  SpanFigures Finish(local_days start, local_days end, unsigned listed) {
    SpanFigures out{start, end, {}, {}};
    Part all;
    for (int ch = 0; ch < kChannelCount; ++ch) {
      Part& c = channels_[static_cast<size_t>(ch)];
      all.requests += c.requests;
      all.within_target += c.within_target;
      all.findings += c.findings;
      all.weighted += c.weighted;
      for (size_t r = 0; r < kTrendRuleCount; ++r) all.per_rule[r] += c.per_rule[r];
      all.waits.insert(all.waits.end(), c.waits.begin(), c.waits.end());
      if (listed & (1u << ch)) out.channels.emplace_back(static_cast<Channel>(ch), Done(c));
    }
    out.all = Done(all);
    return out;
  }

  static size_t RuleIndex(Rule rule) {
    return static_cast<size_t>(std::find(std::begin(kAllRules), std::end(kAllRules), rule) -
                               std::begin(kAllRules));
  }

 private:
  // One channel's part of the span, or all of them.
  struct Part {
    uint64_t requests = 0, within_target = 0, findings = 0;
    double weighted = 0;
    std::array<uint64_t, kTrendRuleCount> per_rule{};
    std::vector<seconds> waits;
  };

  static Figures Done(Part& c) {
    Figures f;
    f.requests = c.requests;
    f.within_target = c.within_target;
    if (c.requests) f.share = double(c.within_target) / double(c.requests);
    f.median_wait = WaitPercentile(c.waits, 0.5);
    f.trust_score = TrustScoreOf(c.weighted, c.requests);
    f.findings = c.findings;
    f.per_rule = c.per_rule;
    return f;
  }

  std::array<Part, kChannelCount> channels_;
};

// The instant a local day starts, and which of a run of spans an instant falls in.
class SpanIndex {
 public:
  // `starts`: the first day of each span, ascending; the last span ends at `end` (excluded).
  SpanIndex(const BusinessCalendar& calendar, const std::vector<local_days>& starts) {
    for (size_t i = 1; i < starts.size(); ++i) bounds_.push_back(calendar.AtLocal(starts[i], {}));
  }
  size_t Of(Instant at) const {
    return static_cast<size_t>(std::upper_bound(bounds_.begin(), bounds_.end(), at) -
                               bounds_.begin());
  }

 private:
  std::vector<Instant> bounds_;
};

struct Window {
  Instant from, to;  // [from, to)
  bool Holds(Instant at) const { return from <= at && at < to; }
};

Window WindowOf(const BusinessCalendar& calendar, const DayRange& r) {
  return {calendar.AtLocal(r.from, {}), calendar.AtLocal(r.to + days(1), {})};
}

class TrendBuilder {
 public:
  TrendBuilder(const AuditResult& a, const AuditPolicy& c, const TrendOptions& o)
      : a_(a), calendar_(c.calendar), o_(o) {}

  Trends Build() {
    Trends t;
    t.period = o_.period;
    const local_days first = calendar_.LocalDay(FirstEvent());
    const local_days last = std::max(first, calendar_.LocalDay(a_.as_of));
    std::vector<local_days> starts;
    for (local_days d = PeriodStart(first, o_.period); d <= last; d = NextPeriod(d, o_.period)) {
      starts.push_back(d);
    }
    const SpanIndex index(calendar_, starts);
    std::vector<Tally> periods(starts.size());
    Tally span, before, after;
    const auto window = [&](const std::optional<DayRange>& r) {
      return r ? WindowOf(calendar_, *r) : Window{Instant::max(), Instant::max()};
    };
    const Window before_window = window(o_.before), after_window = window(o_.after);
    unsigned listed = 0;
    // One pass over the judged requests and one over the findings.
    for (const RequestOutcome& q : a_.requests) {
      const Instant at = a_.corpus.events()[q.anchor].at;
      listed |= 1u << static_cast<unsigned>(q.channel);
      span.AddRequest(q);
      periods[index.Of(at)].AddRequest(q);
      if (before_window.Holds(at)) before.AddRequest(q);
      if (after_window.Holds(at)) after.AddRequest(q);
    }
    for (const Finding& f : a_.findings) {
      const Instant at = a_.corpus.events()[f.messages.front()].at;
      listed |= 1u << static_cast<unsigned>(f.channel);
      span.AddFinding(f);
      periods[index.Of(at)].AddFinding(f);
      if (before_window.Holds(at)) before.AddFinding(f);
      if (after_window.Holds(at)) after.AddFinding(f);
    }
    t.span = span.Finish(first, last, listed);
    for (size_t i = 0; i < starts.size(); ++i) {
      const local_days end = i + 1 < starts.size()
                                 ? starts[i + 1] - days(1)
                                 : std::min(last, NextPeriod(starts[i], o_.period) - days(1));
      t.periods.push_back(periods[i].Finish(std::max(first, starts[i]), end, listed));
    }
    if (o_.before && o_.after) {
      t.comparison = Comparison{RangeText(*o_.before), RangeText(*o_.after),
                                before.Finish(o_.before->from, o_.before->to, listed),
                                after.Finish(o_.after->from, o_.after->to, listed)};
    } else if (o_.earlier) {
      t.comparison = Comparison{o_.earlier_source, "", *o_.earlier, t.span};
    }
    return t;
  }

 private:
  static std::string RangeText(const DayRange& r) { return DayText(r.from) + ".." + DayText(r.to); }

  // The earliest event judged: each timeline's events are in time order.
  Instant FirstEvent() const {
    Instant first = a_.as_of;
    for (const Timeline& t : a_.timelines.customers) {
      if (!t.events.empty()) first = std::min(first, a_.corpus.events()[t.events.front()].at);
    }
    return first;
  }

  const AuditResult& a_;
  const BusinessCalendar& calendar_;
  const TrendOptions& o_;
};

// JSON: one span's figures.
void FiguresJson(JsonWriter& w, const Figures& f) {
  w.Key("requests").Int(static_cast<int64_t>(f.requests));
  w.Key("within_target").Int(static_cast<int64_t>(f.within_target));
  w.Key("within_target_share");
  if (f.share) {
    w.Fixed(*f.share, 3);
  } else {
    w.Null();
  }
  w.Key("median_wait_seconds").Int(f.median_wait.count());
  w.Key("trust_score").Fixed(f.trust_score, 1);
}

void SpanJson(JsonWriter& w, const SpanFigures& s) {
  w.BeginObject().Key("start").String(DayText(s.start)).Key("end").String(DayText(s.end));
  FiguresJson(w, s.all);
  w.Key("findings").BeginObject();
  for (size_t r = 0; r < kTrendRuleCount; ++r) {
    w.Key(ToString(kAllRules[r])).Int(static_cast<int64_t>(s.all.per_rule[r]));
  }
  w.EndObject().Key("channels").BeginArray();
  for (const auto& [channel, f] : s.channels) {
    w.BeginObject().Key("channel").String(ToString(channel));
    FiguresJson(w, f);
    w.Key("findings").Int(static_cast<int64_t>(f.findings)).EndObject();
  }
  w.EndArray().EndObject();
}

void NumberOrNull(JsonWriter& w, std::string_view figure, std::optional<double> v) {
  if (!v) {
    w.Null();
  } else if (figure == "within_target_share") {
    w.Fixed(*v, 3);
  } else if (figure == "trust_score") {
    w.Fixed(*v, 1);
  } else {
    w.Int(std::llround(*v));
  }
}

// Reading an earlier audit's JSON back.
class SpanReader {
 public:
  explicit SpanReader(std::string path) : path_(std::move(path)) {}

  Result<SpanFigures> Read() {
    simdjson::padded_string json;
    if (simdjson::padded_string::load(path_).get(json)) {
      return std::filesystem::exists(path_)
                 ? Status::IoError(fmt::format("--compare: cannot read '{}'", path_))
                 : Status::NotFound(fmt::format("--compare: '{}' does not exist", path_));
    }
    simdjson::ondemand::parser parser;
    simdjson::ondemand::document doc;
    simdjson::ondemand::object root;
    if (parser.iterate(json).get(doc) || doc.get_object().get(root)) {
      return Bad("it is not a JSON object");
    }
    bool format_ok = false;
    for (auto field : root) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return Bad("it is not valid JSON");
      if (key == "format") {
        std::string_view format;
        if (field.value().get_string().get(format) || format != "fiducia-audit/1") {
          return Bad("it is not a fiducia audit JSON (\"format\" is not \"fiducia-audit/1\")");
        }
        format_ok = true;
      } else if (key == "span") {
        if (!format_ok) return Bad("it is not a fiducia audit JSON (no \"format\" first)");
        simdjson::ondemand::object span;
        if (field.value().get_object().get(span)) return Bad("\"span\" is not an object");
        return Span(span);
      }
    }
    if (!format_ok) return Bad("it is not a fiducia audit JSON (no \"format\")");
    return Bad(
        "it has no \"span\" figures (written by an older fiducia: audit that input again with "
        "--json)");
  }

 private:
  Status Bad(std::string_view what) const {
    return Status::Usage(fmt::format("--compare: '{}': {}", path_, what));
  }

  static bool Day(simdjson::ondemand::value v, local_days& day) {
    std::string_view text;
    if (v.get_string().get(text)) return false;
    auto parsed = ParseDayRange(fmt::format("{}..{}", text, text), "");
    if (!parsed.ok()) return false;
    day = parsed->from;
    return true;
  }

  // The fields FiguresJson writes; `per_rule` also reads the rules' "findings" object.
  static bool FiguresField(std::string_view key, simdjson::ondemand::value v, Figures& f) {
    if (key == "requests") return !v.get_uint64().get(f.requests);
    if (key == "within_target") return !v.get_uint64().get(f.within_target);
    if (key == "within_target_share") {
      if (v.is_null()) return true;
      double share = 0;
      if (v.get_double().get(share)) return false;
      f.share = share;
      return true;
    }
    if (key == "median_wait_seconds") {
      int64_t s = 0;
      if (v.get_int64().get(s)) return false;
      f.median_wait = seconds(s);
      return true;
    }
    if (key == "trust_score") return !v.get_double().get(f.trust_score);
    return true;  // keys added later are read past
  }

  Result<SpanFigures> Span(simdjson::ondemand::object span) const {
    SpanFigures s{};
    int days_read = 0;
    for (auto field : span) {
      std::string_view key;
      simdjson::ondemand::value v;
      if (field.unescaped_key().get(key) || field.value().get(v)) return Bad("bad \"span\"");
      bool ok = true;
      if (key == "start" || key == "end") {
        ok = Day(v, key == "start" ? s.start : s.end);
        days_read += ok ? 1 : 0;
      } else if (key == "findings") {
        ok = Rules(v, s.all);
      } else if (key == "channels") {
        ok = Channels(v, s);
      } else {
        ok = FiguresField(key, v, s.all);
      }
      if (!ok) return Bad(fmt::format("\"span\" has a bad \"{}\"", key));
    }
    if (days_read != 2) return Bad("\"span\" has no \"start\" and \"end\" days");
    return s;
  }

  static bool Rules(simdjson::ondemand::value v, Figures& f) {
    simdjson::ondemand::object rules;
    if (v.get_object().get(rules)) return false;
    for (auto field : rules) {
      std::string_view name;
      uint64_t n = 0;
      if (field.unescaped_key().get(name) || field.value().get_uint64().get(n)) return false;
      const auto rule = ParseRule(name);
      if (!rule) continue;  // a rule this fiducia does not have
      f.per_rule[Tally::RuleIndex(*rule)] = n;
      f.findings += n;
    }
    return true;
  }

  static bool Channels(simdjson::ondemand::value v, SpanFigures& s) {
    simdjson::ondemand::array channels;
    if (v.get_array().get(channels)) return false;
    for (auto element : channels) {
      simdjson::ondemand::object row;
      if (element.get_object().get(row)) return false;
      std::optional<Channel> channel;
      Figures f;
      for (auto field : row) {
        std::string_view key;
        simdjson::ondemand::value value;
        if (field.unescaped_key().get(key) || field.value().get(value)) return false;
        if (key == "channel") {
          std::string_view name;
          if (value.get_string().get(name)) return false;
          channel = ParseChannel(name);
          if (!channel) return false;
        } else if (key == "findings") {
          if (value.get_uint64().get(f.findings)) return false;
        } else if (!FiguresField(key, value, f)) {
          return false;
        }
      }
      if (!channel) return false;
      s.channels.emplace_back(*channel, f);
    }
    return true;
  }

  std::string path_;
};

std::optional<double> Value(std::string_view figure, const Figures& f) {
  if (figure == "requests") return double(f.requests);
  if (figure == "within_target_share") return f.share;
  if (figure == "median_wait_seconds") {
    return f.requests ? std::optional<double>(double(f.median_wait.count())) : std::nullopt;
  }
  if (figure == "trust_score") return f.trust_score;
  return double(f.findings);
}

const Figures* ChannelFigures(const SpanFigures& s, Channel c) {
  for (const auto& [channel, f] : s.channels) {
    if (channel == c) return &f;
  }
  return nullptr;
}

std::string_view PeriodWord(PeriodKind k) { return k == PeriodKind::kWeek ? "week" : "month"; }

std::string ShareText(const std::optional<double>& share) {
  return share ? fmt::format("{:.1f}%", 100.0 * *share) : "-";
}

}  // namespace

std::string_view ToString(PeriodKind k) { return PeriodWord(k); }

std::optional<PeriodKind> ParsePeriodKind(std::string_view s) {
  if (s == "week") return PeriodKind::kWeek;
  if (s == "month") return PeriodKind::kMonth;
  return std::nullopt;
}

std::string DayText(local_days day) { return date::format("%F", day); }

Result<DayRange> ParseDayRange(std::string_view text, std::string_view option) {
  const auto bad = [&] {
    return Status::Usage(fmt::format(
        "{} must be two days FROM..TO, e.g. 2026-03-02..2026-03-15 (got '{}')", option, text));
  };
  const size_t dots = text.find("..");
  if (dots == std::string_view::npos) return bad();
  local_days ends[2];
  const std::string_view parts[2] = {text.substr(0, dots), text.substr(dots + 2)};
  for (int i = 0; i < 2; ++i) {
    const std::string_view p = parts[i];
    int y = 0;
    unsigned m = 0, d = 0;
    if (p.size() != 10 || p[4] != '-' || p[7] != '-') return bad();
    const char* s = p.data();
    if (std::from_chars(s, s + 4, y).ptr != s + 4 ||
        std::from_chars(s + 5, s + 7, m).ptr != s + 7 ||
        std::from_chars(s + 8, s + 10, d).ptr != s + 10) {
      return bad();
    }
    const date::year_month_day ymd{date::year(y), date::month(m), date::day(d)};
    if (!ymd.ok()) return bad();
    ends[i] = local_days(ymd);
  }
  if (ends[1] < ends[0]) {
    return Status::Usage(
        fmt::format("{}: the range ends before it starts (got '{}')", option, text));
  }
  return DayRange{ends[0], ends[1]};
}

Trends BuildTrends(const AuditResult& audit, const AuditPolicy& config,
                   const TrendOptions& options) {
  return TrendBuilder(audit, config, options).Build();
}

std::optional<double> ComparisonRow::Change() const {
  if (!before || !after) return std::nullopt;
  return *after - *before;
}

std::vector<ComparisonRow> ComparisonRows(const Comparison& c) {
  std::vector<ComparisonRow> rows;
  constexpr std::string_view kFigures[] = {"requests", "within_target_share", "median_wait_seconds",
                                           "trust_score", "findings"};
  for (std::string_view figure : kFigures) {
    rows.push_back({figure, {}, {}, Value(figure, c.before.all), Value(figure, c.after.all)});
  }
  unsigned channels = 0;
  for (const SpanFigures* s : {&c.before, &c.after}) {
    for (const auto& entry : s->channels) channels |= 1u << static_cast<unsigned>(entry.first);
  }
  for (std::string_view figure : {"within_target_share", "median_wait_seconds", "trust_score"}) {
    for (int ch = 0; ch < kChannelCount; ++ch) {
      if (!(channels & (1u << ch))) continue;
      const auto channel = static_cast<Channel>(ch);
      const Figures* before = ChannelFigures(c.before, channel);
      const Figures* after = ChannelFigures(c.after, channel);
      rows.push_back({figure,
                      channel,
                      {},
                      before ? Value(figure, *before) : std::nullopt,
                      after ? Value(figure, *after) : std::nullopt});
    }
  }
  for (size_t r = 0; r < kTrendRuleCount; ++r) {
    rows.push_back({"findings",
                    {},
                    kAllRules[r],
                    double(c.before.all.per_rule[r]),
                    double(c.after.all.per_rule[r])});
  }
  return rows;
}

void WriteTrendsJson(JsonWriter& w, const Trends& t) {
  w.Key("period").String(ToString(t.period));
  w.Key("span");
  SpanJson(w, t.span);
  w.Key("periods").BeginArray();
  for (const SpanFigures& p : t.periods) SpanJson(w, p);
  w.EndArray();
  if (!t.comparison) return;
  const Comparison& c = *t.comparison;
  w.Key("comparison").BeginObject();
  const auto side = [&](std::string_view key, const std::string& source, const SpanFigures& s) {
    w.Key(key).BeginObject();
    if (!source.empty()) w.Key("source").String(source);
    w.Key("start").String(DayText(s.start)).Key("end").String(DayText(s.end)).EndObject();
  };
  side("before", c.before_source, c.before);
  side("after", c.after_source, c.after);
  w.Key("figures").BeginArray();
  for (const ComparisonRow& row : ComparisonRows(c)) {
    w.BeginObject().Key("figure").String(row.figure);
    if (row.channel) w.Key("channel").String(ToString(*row.channel));
    if (row.rule) w.Key("rule").String(ToString(*row.rule));
    w.Key("before");
    NumberOrNull(w, row.figure, row.before);
    w.Key("after");
    NumberOrNull(w, row.figure, row.after);
    w.Key("change");
    NumberOrNull(w, row.figure, row.Change());
    w.EndObject();
  }
  w.EndArray().EndObject();
}

Result<SpanFigures> ReadAuditSpan(const std::string& path) { return SpanReader(path).Read(); }

std::string FigureText(std::string_view figure, double value, Lang lang) {
  if (figure == "within_target_share") return fmt::format("{:.1f}%", 100.0 * value);
  if (figure == "median_wait_seconds") return HumanWait(seconds(std::llround(value)), lang);
  if (figure == "trust_score") return fmt::format("{:.1f}", value);
  return fmt::format("{}", std::llround(value));
}

std::string ChangeText(std::string_view figure, double change, Lang lang) {
  const char* sign = change > 0 ? "+" : change < 0 ? "-" : "";
  if (figure == "within_target_share") {
    return fmt::format("{}{:.1f} {}", sign, std::abs(100.0 * change), Word("points", lang));
  }
  return sign + FigureText(figure, std::abs(change), lang);
}

std::string TrendsText(const Trends& t, Lang lang) {
  if (t.periods.size() < 2) return "";
  std::string out =
      fmt::format("\n{}\n  {:<12}{:>10}{:>15}{:>14}{:>8}{:>10}",
                  Word(t.period == PeriodKind::kWeek ? "trend_week" : "trend_month", lang),
                  Word("period_from", lang), Word("requests", lang), Word("within_target", lang),
                  Word("median_hours", lang), Word("trust", lang), Word("findings", lang));
  for (const auto& [channel, f] : t.span.channels) {
    if (f.requests) out += fmt::format("{:>10}", ChannelName(channel, lang));
  }
  out += "\n";
  for (const SpanFigures& p : t.periods) {
    out += fmt::format("  {:<12}{:>10}{:>15}{:>14}{:>8.1f}{:>10}", DayText(p.start), p.all.requests,
                       ShareText(p.all.share),
                       p.all.requests ? HumanWait(p.all.median_wait, lang) : "-", p.all.trust_score,
                       p.all.findings);
    for (size_t i = 0; i < p.channels.size(); ++i) {
      if (t.span.channels[i].second.requests) {
        out += fmt::format("{:>10}", ShareText(p.channels[i].second.share));
      }
    }
    out += "\n";
  }
  return out;
}

std::string ComparisonText(const Trends& t, Lang lang) {
  if (!t.comparison) return "";
  const Comparison& c = *t.comparison;
  const auto side = [&](const std::string& source, const SpanFigures& s) {
    const std::string days = DayText(s.start) + ".." + DayText(s.end);
    return source.empty() || source == days ? days
                                            : fmt::format("{} ({})", TerminalSafe(source), days);
  };
  std::string out = fmt::format("\n{}\n  {}: {}\n  {}: {}\n  {:<34}{:>14}{:>14}{:>16}\n",
                                Word("comparison_title", lang), Word("before", lang),
                                side(c.before_source, c.before), Word("after", lang),
                                side(c.after_source, c.after), Word("figure", lang),
                                Word("before", lang), Word("after", lang), Word("change", lang));
  for (const ComparisonRow& row : ComparisonRows(c)) {
    const auto value = [&](const std::optional<double>& v) {
      return v ? FigureText(row.figure, *v, lang) : "-";
    };
    const auto change = row.Change();
    out +=
        fmt::format("  {:<34}{:>14}{:>14}{:>16}\n", ComparisonLabel(row, lang), value(row.before),
                    value(row.after), change ? ChangeText(row.figure, *change, lang) : "-");
  }
  return out;
}

std::string TrendsHtml(const Trends& t, Lang lang) {
  const auto w = [lang](std::string_view key) { return Word(key, lang); };
  std::vector<std::string> labels;
  Series share{std::string(w("share_within_target")), {}, {}, Tone::kGood};
  Series trust{std::string(w("trust_score")), {}, {}, Tone::kNeutral};
  for (const SpanFigures& p : t.periods) {
    labels.push_back(DayText(p.start).substr(5));  // 03-02
    share.values.push_back(p.all.share ? std::optional<double>(100.0 * *p.all.share)
                                       : std::nullopt);
    share.value_texts.push_back(ShareText(p.all.share));
    trust.values.push_back(p.all.trust_score);
    trust.value_texts.push_back(fmt::format("{:.1f}", p.all.trust_score));
  }
  std::string out =
      SvgLines(labels, {share, trust}, 100,
               std::string(w(t.period == PeriodKind::kWeek ? "trend_week" : "trend_month")));
  // The figures per period: all channels, then each channel's share, median wait and score.
  out += fmt::format(
      "<table class=\"periods\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>"
      "<th>{}</th><th>{}</th><th>{}</th></tr>",
      w("start"), w("end"), w("channel"), w("requests"), w("share_within_target"),
      w("median_hours"), w("trust_score"), w("findings"));
  for (const SpanFigures& p : t.periods) {
    const auto row = [&](std::string_view channel, const Figures& f) {
      out += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
          "<td class=\"n\" data-seconds=\"{}\">{}</td><td class=\"n\">{:.1f}</td>"
          "<td class=\"n\">{}</td></tr>",
          DayText(p.start), DayText(p.end), HtmlEscaped(channel), f.requests, ShareText(f.share),
          f.median_wait.count(), f.requests ? HumanWait(f.median_wait, lang) : "-", f.trust_score,
          f.findings);
    };
    row(w("all_channels"), p.all);
    for (const auto& [channel, f] : p.channels) row(ChannelName(channel, lang), f);
  }
  out += "</table>";
  // Findings per rule (rows) and period (columns).
  out += fmt::format("<table class=\"period-rules\"><tr><th>{}</th>", w("rule"));
  for (const SpanFigures& p : t.periods) out += fmt::format("<th>{}</th>", DayText(p.start));
  out += "</tr>";
  for (size_t r = 0; r < kTrendRuleCount; ++r) {
    out += fmt::format("<tr><td>{}</td>", HtmlEscaped(RuleTitle(kAllRules[r], lang)));
    for (const SpanFigures& p : t.periods) {
      out += fmt::format("<td class=\"n\">{}</td>", p.all.per_rule[r]);
    }
    out += "</tr>";
  }
  out += "</table>";
  if (!t.comparison) return out;
  const Comparison& c = *t.comparison;
  const auto side = [&](const std::string& source, const SpanFigures& s) {
    const std::string days = DayText(s.start) + ".." + DayText(s.end);
    return HtmlEscaped(source.empty() || source == days ? days
                                                        : fmt::format("{} ({})", source, days));
  };
  out += fmt::format(
      "<h3 id=\"comparison\">{}</h3><p class=\"lead\">{}</p><p>{}: {}<br>{}: {}</p>"
      "<table class=\"comparison\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
      w("comparison_title"), w("comparison_lead"), w("before"), side(c.before_source, c.before),
      w("after"), side(c.after_source, c.after), w("figure"), w("before"), w("after"), w("change"));
  for (const ComparisonRow& row : ComparisonRows(c)) {
    const auto value = [&](const std::optional<double>& v) {
      return v ? FigureText(row.figure, *v, lang) : "-";
    };
    const auto change = row.Change();
    out += fmt::format(
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>"
        "</tr>",
        HtmlEscaped(ComparisonLabel(row, lang)), HtmlEscaped(value(row.before)),
        HtmlEscaped(value(row.after)),
        HtmlEscaped(change ? ChangeText(row.figure, *change, lang) : "-"));
  }
  return out + "</table>";
}

ReportTable PeriodsTable(const Trends& t) {
  ReportTable table{"periods",
                    {"start", "end", "channel", "requests", "within_target", "share_within_target",
                     "median_hours", "trust_score", "findings"},
                    {}};
  for (Rule rule : kAllRules) table.columns.push_back(std::string(RuleOf(rule).title_key));
  for (const SpanFigures& p : t.periods) {
    const auto row = [&](std::string_view channel, const Figures& f, bool rules) {
      std::vector<Cell> cells{DayText(p.start),
                              DayText(p.end),
                              std::string(channel),
                              static_cast<int64_t>(f.requests),
                              static_cast<int64_t>(f.within_target),
                              f.share ? Cell(*f.share) : Cell(std::string()),
                              Hours(f.median_wait),
                              f.trust_score,
                              static_cast<int64_t>(f.findings)};
      for (size_t r = 0; r < kTrendRuleCount; ++r) {
        cells.push_back(rules ? Cell(static_cast<int64_t>(f.per_rule[r])) : Cell(std::string()));
      }
      table.rows.push_back(std::move(cells));
    };
    row("all", p.all, true);
    for (const auto& [channel, f] : p.channels) row(ToString(channel), f, false);
  }
  return table;
}

ReportTable ComparisonTable(const Comparison& c) {
  ReportTable table{"comparison", {"figure", "channel", "rule", "before", "after", "change"}, {}};
  const auto number = [](std::string_view figure, const std::optional<double>& v) -> Cell {
    if (!v) return std::string();
    if (figure == "median_wait_seconds") return Hours(seconds(std::llround(*v)));
    if (figure == "within_target_share" || figure == "trust_score") return *v;
    return static_cast<int64_t>(std::llround(*v));
  };
  for (const ComparisonRow& row : ComparisonRows(c)) {
    table.rows.push_back(
        {std::string(row.figure == "median_wait_seconds" ? "median_wait_hours" : row.figure),
         std::string(row.channel ? ToString(*row.channel) : ""),
         std::string(row.rule ? ToString(*row.rule) : ""), number(row.figure, row.before),
         number(row.figure, row.after), number(row.figure, row.Change())});
  }
  return table;
}

std::string ComparisonLabel(const ComparisonRow& row, Lang lang) {
  if (row.rule) return std::string(RuleTitle(*row.rule, lang));
  std::string label(Word(fmt::format("figure_{}", row.figure), lang));
  if (row.channel) label += fmt::format(" ({})", ChannelName(*row.channel, lang));
  return label;
}

}  // namespace fiducia
