#include "rules/team_rules.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <unordered_map>

namespace fiducia {
namespace {

using std::chrono::duration_cast;
using std::chrono::hours;

Finding Make(Rule rule, const Timelines& timelines, const EventPlace& place,
             std::vector<uint32_t> messages, Channel channel) {
  const Timeline& timeline = timelines.customers[place.timeline];
  Finding f;
  f.rule = rule;
  f.timeline = place.timeline;
  f.case_number = timeline.cases[timeline.case_of[place.position]].number;
  f.messages = std::move(messages);
  f.channel = channel;
  f.severity = SeverityOf(f);
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
      out.findings.push_back(
          Make(Rule::kAgentStrain, timelines_, places_[hostile.front()], hostile, Channel::kPhone));
    }
  }

  void VolumeSpikes(const std::vector<Finding>& late_replies, TeamResult& out) const {
    // Per channel and local hour: how many inbound messages, and the first of them. The events
    // are read as they lie (a count and a minimum do not depend on the order); no message list
    // is kept, whatever the size of the corpus.
    HourCounts hours_seen;
    std::array<std::optional<date::local_days>, kChannelCount> first_day{};
    const auto& events = ctx_.corpus.events();
    for (uint32_t i = 0; i < events.size(); ++i) {
      const Event& e = events[i];
      if (places_[i].timeline == UINT32_MAX) continue;
      if (!e.IsMessage() || e.direction != Direction::kIn || e.is_auto) continue;
      const auto local = LocalHour(e.at);
      HourCount& hour = hours_seen[HourKey(e.channel, local)];
      if (hour.messages++ == 0 || ctx_.corpus.ComesBefore(e, events[hour.first])) hour.first = i;
      auto& first = first_day[static_cast<size_t>(e.channel)];
      const auto day = date::floor<date::days>(local);
      if (!first || day < *first) first = day;
    }
    std::vector<uint64_t> busy;  // the hours with enough messages to be a spike, in key order
    for (const auto& [key, hour] : hours_seen) {
      if (static_cast<int>(hour.messages) >= policy_.spike_min_excess) busy.push_back(key);
    }
    std::sort(busy.begin(), busy.end());
    const ClockHours clock_hours = BusinessDaysByClockHour(hours_seen);
    for (const uint64_t key : busy) {
      const HourCount& hour = hours_seen.at(key);
      const Channel channel = ChannelOf(key);
      const date::local_seconds local = HourOf(key);
      const auto baseline =
          Baseline(channel, local, *first_day[static_cast<size_t>(channel)], clock_hours);
      if (!baseline) continue;
      const double count = static_cast<double>(hour.messages);
      if (count < policy_.spike_ratio * *baseline || count < *baseline + policy_.spike_min_excess) {
        continue;
      }
      std::vector<uint32_t> evidence{hour.first};
      for (const Finding& late : late_replies) {
        const Event& waited = events[late.messages.front()];
        if (waited.channel == channel && LocalHour(waited.at) == local &&
            late.messages.front() != hour.first) {
          evidence.push_back(late.messages.front());
        }
      }
      Finding f = Make(Rule::kVolumeSpike, timelines_, places_[hour.first], evidence, channel);
      f.detail = MessageCount{hour.messages};
      out.findings.push_back(std::move(f));
    }
  }

 private:
  struct HourCount {
    uint32_t messages = 0;
    uint32_t first = 0;  // the first message (Corpus::ComesBefore)
  };
  using HourCounts = std::unordered_map<uint64_t, HourCount>;
  // (channel, local hour) as one number that orders as the pair does.
  static uint64_t HourKey(Channel channel, date::local_seconds hour) {
    const auto count = date::floor<hours>(hour).time_since_epoch().count();
    return (uint64_t{static_cast<uint8_t>(channel)} << 56) |
           (static_cast<uint64_t>(count + (int64_t{1} << 40)) & ((uint64_t{1} << 56) - 1));
  }
  static Channel ChannelOf(uint64_t key) { return static_cast<Channel>(key >> 56); }
  static date::local_seconds HourOf(uint64_t key) {
    const auto count = static_cast<int64_t>(key & ((uint64_t{1} << 56) - 1)) - (int64_t{1} << 40);
    return date::local_seconds{hours(count)};
  }

  date::local_seconds LocalHour(Instant t) const {
    const auto offset = ctx_.calendar.OffsetAt(t);
    return date::floor<hours>(
        date::local_seconds{duration_cast<std::chrono::seconds>((t + offset).time_since_epoch())});
  }

  // Per channel and clock hour of the day, the business days that had messages at that hour, in
  // day order, with their counts.
  using ClockHours =
      std::unordered_map<uint32_t, std::vector<std::pair<date::local_days, uint32_t>>>;
  static uint32_t ClockKey(Channel channel, std::chrono::seconds clock) {
    return (uint32_t{static_cast<uint8_t>(channel)} << 8) |
           static_cast<uint32_t>(duration_cast<hours>(clock).count());
  }

  ClockHours BusinessDaysByClockHour(const HourCounts& seen) const {
    ClockHours by_clock;
    for (const auto& [key, hour] : seen) {
      const date::local_seconds local = HourOf(key);
      const date::local_days day = date::floor<date::days>(local);
      if (!ctx_.calendar.ClosingTime(day)) continue;
      by_clock[ClockKey(ChannelOf(key), local - day)].emplace_back(day, hour.messages);
    }
    for (auto& [clock, days] : by_clock) std::sort(days.begin(), days.end());
    return by_clock;
  }

  // The median of this clock hour over the channel's previous business days; nullopt when fewer
  // than policy.spike_min_days such days exist. The days without a message at that hour are
  // counted, not walked: the cost follows the days that had messages, not the span.
  std::optional<double> Baseline(Channel channel, date::local_seconds hour, date::local_days first,
                                 const ClockHours& by_clock) const {
    const date::local_days day = date::floor<date::days>(hour);
    const int64_t days = ctx_.calendar.OpenDaysBetween(first, day);
    if (days < policy_.spike_min_days) return std::nullopt;
    std::vector<uint32_t> counts;  // the days with messages, before this one
    if (const auto it = by_clock.find(ClockKey(channel, hour - day)); it != by_clock.end()) {
      for (const auto& [d, messages] : it->second) {
        if (d >= day) break;
        counts.push_back(messages);
      }
    }
    std::sort(counts.begin(), counts.end());
    const auto quiet = static_cast<size_t>(days) - counts.size();  // days with no message: 0
    const auto nth = [&](size_t k) {
      return k < quiet ? 0.0 : static_cast<double>(counts[k - quiet]);
    };
    const auto n = static_cast<size_t>(days);
    return n % 2 ? nth(n / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2;
  }

  const TimingContext& ctx_;
  const TeamPolicy& policy_;
  const Timelines& timelines_;
  std::vector<EventPlace> places_;
};

}  // namespace

TeamResult JudgeTeam(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines,
                     const std::vector<Finding>& late_replies, unsigned threads) {
  TeamResult out;
  const TeamJudge judge(ctx, policy, timelines);
  // The two rules read the same events and nothing the other writes: the spikes on a second
  // thread, their findings after the agents' as before.
  TeamResult spikes;
  auto spiking = std::async(threads > 1 ? std::launch::async : std::launch::deferred,
                            [&] { judge.VolumeSpikes(late_replies, spikes); });
  judge.AgentStrain(out);
  spiking.get();
  std::move(spikes.findings.begin(), spikes.findings.end(), std::back_inserter(out.findings));
  return out;
}

}  // namespace fiducia
