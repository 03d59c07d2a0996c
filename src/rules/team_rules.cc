#include "rules/team_rules.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace fiducia {
namespace {

using std::chrono::duration_cast;
using std::chrono::hours;

Finding Make(Rule rule, Severity severity, const Timelines& timelines, const EventPlace& place,
             std::vector<uint32_t> messages, Channel channel) {
  const Timeline& timeline = timelines.customers[place.timeline];
  Finding f;
  f.rule = rule;
  f.severity = severity;
  f.timeline = place.timeline;
  f.case_number = timeline.cases[timeline.case_of[place.position]].number;
  f.messages = std::move(messages);
  f.channel = channel;
  return f;
}

class TeamJudge {
 public:
  TeamJudge(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines)
      : ctx_(ctx),
        policy_(policy),
        timelines_(timelines),
        places_(PlaceEvents(timelines, ctx.corpus.events().size())) {}

  // Each agent's load per local day. The events are read as they lie in the corpus (the order
  // does not change a count, and the hostile calls are put in time order), those in no timeline
  // left out; the days are then listed by agent name and day.
  void AgentStrain(TeamResult& out) const {
    struct Load {
      AgentDay day;
      std::vector<uint32_t> hostile;
    };
    std::vector<Load> loads;
    std::unordered_map<uint64_t, size_t> load_of;  // (agent symbol, day number) -> index
    const auto& events = ctx_.corpus.events();
    for (uint32_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      if (places_[i].timeline == UINT32_MAX) continue;
      if (!e.IsMessage() || e.agent == kNoSymbol || e.is_auto) continue;
      const date::local_days day = ctx_.calendar.LocalDay(e.at);
      const uint64_t key =
          (uint64_t{e.agent} << 32) | static_cast<uint32_t>(day.time_since_epoch().count());
      auto [it, fresh] = load_of.try_emplace(key, loads.size());
      if (fresh) loads.push_back({AgentDay{e.agent, day}, {}});
      auto& [load, hostile] = loads[it->second];
      if (e.channel != Channel::kPhone) {
        load.messages += e.direction == Direction::kOut ? 1 : 0;
        continue;
      }
      if (e.duration_s == 0) continue;
      ++load.calls;
      load.call_seconds += static_cast<uint32_t>(std::max(e.duration_s, 0));
      if (e.duration_s >= policy_.long_call.count() && e.Has(kCueHostility)) {
        ++load.hostile_calls;
        hostile.push_back(i);
      }
    }
    const SymbolTable& names = ctx_.corpus.symbols();
    std::sort(loads.begin(), loads.end(), [&](const Load& a, const Load& b) {
      const std::string_view x = names.Name(a.day.agent), y = names.Name(b.day.agent);
      return x != y ? x < y : a.day.day < b.day.day;
    });
    for (auto& [load, hostile] : loads) {
      out.agent_days.push_back(load);
      if (static_cast<int>(hostile.size()) < policy_.strained_calls) continue;
      std::sort(hostile.begin(), hostile.end(), [&](uint32_t a, uint32_t b) {
        return ctx_.corpus.ComesBefore(events[a], events[b]);
      });
      out.findings.push_back(Make(Rule::kAgentStrain, Severity::kMedium, timelines_,
                                  places_[hostile.front()], hostile, Channel::kPhone));
    }
  }

  void VolumeSpikes(const std::vector<Finding>& late_replies, TeamResult& out) const {
    // channel -> local hour start -> inbound messages (time order)
    std::map<std::pair<Channel, date::local_seconds>, std::vector<uint32_t>> hours_seen;
    std::array<std::optional<date::local_days>, kChannelCount> first_day{};
    const auto& events = ctx_.corpus.events();
    for (uint32_t i = 0; i < events.size(); ++i) {  // as they lie: counts do not depend on order
      const Event& e = events[i];
      if (places_[i].timeline == UINT32_MAX) continue;
      if (!e.IsMessage() || e.direction != Direction::kIn || e.is_auto) continue;
      const auto local = LocalHour(e.at);
      hours_seen[{e.channel, local}].push_back(i);
      auto& first = first_day[static_cast<size_t>(e.channel)];
      const auto day = date::floor<date::days>(local);
      if (!first || day < *first) first = day;
    }
    for (auto& [key, messages] : hours_seen) {
      if (static_cast<int>(messages.size()) < policy_.spike_min_excess) continue;
      const auto baseline =
          Baseline(key.first, key.second, *first_day[static_cast<size_t>(key.first)], hours_seen);
      if (!baseline) continue;
      const double count = static_cast<double>(messages.size());
      if (count < policy_.spike_ratio * *baseline || count < *baseline + policy_.spike_min_excess) {
        continue;
      }
      std::sort(messages.begin(), messages.end(), [&](uint32_t a, uint32_t b) {
        return ctx_.corpus.ComesBefore(events[a], events[b]);
      });
      std::vector<uint32_t> evidence{messages.front()};
      for (const Finding& late : late_replies) {
        const Event& waited = events[late.messages.front()];
        if (waited.channel == key.first && LocalHour(waited.at) == key.second &&
            late.messages.front() != messages.front()) {
          evidence.push_back(late.messages.front());
        }
      }
      Finding f = Make(Rule::kVolumeSpike, Severity::kLow, timelines_, places_[messages.front()],
                       evidence, key.first);
      f.detail = static_cast<uint32_t>(messages.size());
      out.findings.push_back(std::move(f));
    }
  }

 private:
  date::local_seconds LocalHour(Instant t) const {
    const auto offset = ctx_.calendar.OffsetAt(t);
    return date::floor<hours>(
        date::local_seconds{duration_cast<std::chrono::seconds>((t + offset).time_since_epoch())});
  }

  // The median of this clock hour over the channel's previous business days; nullopt when fewer
  // than policy.spike_min_days such days exist.
  template <typename Hours>
  std::optional<double> Baseline(Channel channel, date::local_seconds hour, date::local_days first,
                                 const Hours& seen) const {
    const date::local_days day = date::floor<date::days>(hour);
    const auto clock = hour - day;
    std::vector<double> counts;
    for (date::local_days d = first; d < day; d += date::days(1)) {
      if (!ctx_.calendar.ClosingTime(d)) continue;
      auto it = seen.find({channel, d + clock});
      counts.push_back(it == seen.end() ? 0.0 : static_cast<double>(it->second.size()));
    }
    if (static_cast<int>(counts.size()) < policy_.spike_min_days) return std::nullopt;
    std::sort(counts.begin(), counts.end());
    const size_t n = counts.size();
    return n % 2 ? counts[n / 2] : (counts[n / 2 - 1] + counts[n / 2]) / 2;
  }

  const TimingContext& ctx_;
  const TeamPolicy& policy_;
  const Timelines& timelines_;
  std::vector<EventPlace> places_;
};

}  // namespace

TeamResult JudgeTeam(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines,
                     const std::vector<Finding>& late_replies) {
  TeamResult out;
  const TeamJudge judge(ctx, policy, timelines);
  judge.AgentStrain(out);
  judge.VolumeSpikes(late_replies, out);
  return out;
}

}  // namespace fiducia
