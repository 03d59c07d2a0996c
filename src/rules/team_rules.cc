#include "rules/team_rules.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_set>

namespace fiducia {
namespace {

using std::chrono::duration_cast;
using std::chrono::hours;

// (channel, local hour) as one number that orders as the pair does.
uint64_t HourKey(Channel channel, date::local_seconds hour) {
  const auto count = date::floor<hours>(hour).time_since_epoch().count();
  return (uint64_t{static_cast<uint8_t>(channel)} << 56) |
         (static_cast<uint64_t>(count + (int64_t{1} << 40)) & ((uint64_t{1} << 56) - 1));
}
Channel ChannelOf(uint64_t key) { return static_cast<Channel>(key >> 56); }
date::local_seconds HourOf(uint64_t key) {
  const auto count = static_cast<int64_t>(key & ((uint64_t{1} << 56) - 1)) - (int64_t{1} << 40);
  return date::local_seconds{hours(count)};
}

// (agent, local day) as one number.
uint64_t DayKey(Symbol agent, date::local_days day) {
  return (uint64_t{agent} << 32) | static_cast<uint32_t>(day.time_since_epoch().count());
}

// Per channel and clock hour of the day, the business days that had messages at that hour, in
// day order, with their counts.
using ClockHours = std::unordered_map<uint32_t, std::vector<std::pair<date::local_days, uint32_t>>>;
uint32_t ClockKey(Channel channel, std::chrono::seconds clock) {
  return (uint32_t{static_cast<uint8_t>(channel)} << 8) |
         static_cast<uint32_t>(duration_cast<hours>(clock).count());
}

// The places of a few events (the findings' anchors): one walk over the timelines, no table as
// large as the corpus.
std::unordered_map<uint32_t, EventPlace> PlacesOf(const Timelines& timelines,
                                                  const std::unordered_set<uint32_t>& wanted) {
  std::unordered_map<uint32_t, EventPlace> places;
  if (wanted.empty()) return places;
  for (uint32_t t = 0; t < timelines.customers.size(); ++t) {
    const auto& events = timelines.customers[t].events;
    for (uint32_t p = 0; p < events.size(); ++p) {
      if (wanted.count(events[p])) places[events[p]] = {t, p};
    }
  }
  return places;
}

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

// The median of this clock hour over the channel's previous business days; nullopt when fewer
// than policy.spike_min_days such days exist. The days without a message at that hour are
// counted, not walked: the cost follows the days that had messages, not the span.
std::optional<double> Baseline(const BusinessCalendar& calendar, const TeamPolicy& policy,
                               Channel channel, date::local_seconds hour, date::local_days first,
                               const ClockHours& by_clock) {
  const date::local_days day = date::floor<date::days>(hour);
  const int64_t days = calendar.OpenDaysBetween(first, day);
  if (days < policy.spike_min_days) return std::nullopt;
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

// Takes one occurrence of `value` out of an unordered list.
void EraseOne(std::vector<uint32_t>& list, uint32_t value) {
  const auto it = std::find(list.begin(), list.end(), value);
  if (it == list.end()) return;
  *it = list.back();
  list.pop_back();
}

}  // namespace

date::local_seconds TeamTally::LocalHour(Instant t) const {
  const auto offset = calendar_.OffsetAt(t);
  return date::floor<hours>(
      date::local_seconds{duration_cast<std::chrono::seconds>((t + offset).time_since_epoch())});
}

void TeamTally::Count(uint32_t event, int sign) {
  const Event& e = corpus_.events()[event];
  if (!e.IsMessage() || e.is_auto) return;
  ++changes_;
  if (e.agent != kNoSymbol) CountLoad(e, event, sign);
  if (e.direction == Direction::kIn) CountHour(e, event, sign);
}

// An agent's day: the outbound messages written, the calls handled (a call of no length is not
// one), their length, and the long calls with a hostile customer.
void TeamTally::CountLoad(const Event& e, uint32_t event, int sign) {
  const date::local_days day = calendar_.LocalDay(e.at);
  const uint64_t key = DayKey(e.agent, day);
  if (sign < 0 && !loads_.count(key)) return;
  Load& load = loads_.try_emplace(key, Load{AgentDay{e.agent, day}, 0, {}}).first->second;
  const auto add = [sign](uint32_t& n, uint32_t by) { n = sign > 0 ? n + by : n - by; };
  add(load.events, 1);
  if (e.channel != Channel::kPhone) {
    add(load.day.messages, e.direction == Direction::kOut ? 1 : 0);
  } else if (e.duration_s != 0) {
    add(load.day.calls, 1);
    add(load.day.call_seconds, static_cast<uint32_t>(std::max(e.duration_s, 0)));
    if (e.duration_s >= policy_.long_call.count() && e.Has(kCueHostility)) {
      add(load.day.hostile_calls, 1);
      if (sign > 0) {
        load.hostile.push_back(event);
      } else {
        EraseOne(load.hostile, event);
      }
    }
  }
  if (load.events == 0) loads_.erase(key);
}

void TeamTally::CountHour(const Event& e, uint32_t event, int sign) {
  const uint64_t key = HourKey(e.channel, LocalHour(e.at));
  if (sign > 0) {
    hours_[key].push_back(event);
    return;
  }
  const auto it = hours_.find(key);
  if (it == hours_.end()) return;
  EraseOne(it->second, event);
  if (it->second.empty()) hours_.erase(it);
}

TeamResult TeamTally::Judge(const Timelines& timelines,
                            const std::vector<Finding>& late_replies) const {
  TeamResult out;
  AgentStrain(timelines, out);
  VolumeSpikes(timelines, late_replies, out);
  return out;
}

// The days listed by agent name and day; a day with enough long hostile calls is a finding whose
// evidence is those calls in time order.
void TeamTally::AgentStrain(const Timelines& timelines, TeamResult& out) const {
  std::vector<const Load*> loads;
  loads.reserve(loads_.size());
  for (const auto& [key, load] : loads_) loads.push_back(&load);
  const SymbolTable& names = corpus_.symbols();
  std::sort(loads.begin(), loads.end(), [&](const Load* a, const Load* b) {
    const std::string_view x = names.Name(a->day.agent), y = names.Name(b->day.agent);
    return x != y ? x < y : a->day.day < b->day.day;
  });
  const auto& events = corpus_.events();
  std::vector<std::vector<uint32_t>> strained;
  std::unordered_set<uint32_t> anchors;
  for (const Load* load : loads) {
    out.agent_days.push_back(load->day);
    if (static_cast<int>(load->hostile.size()) < policy_.strained_calls) continue;
    std::vector<uint32_t> calls = load->hostile;
    std::sort(calls.begin(), calls.end(),
              [&](uint32_t a, uint32_t b) { return corpus_.ComesBefore(events[a], events[b]); });
    anchors.insert(calls.front());
    strained.push_back(std::move(calls));
  }
  const auto places = PlacesOf(timelines, anchors);
  for (auto& calls : strained) {
    const auto place = places.find(calls.front());
    if (place == places.end()) continue;  // not in these timelines: nothing to number it by
    out.findings.push_back(
        Make(Rule::kAgentStrain, timelines, place->second, std::move(calls), Channel::kPhone));
  }
}

// An hour is a spike when its inbound messages on a channel are at least spike_ratio times the
// median of the same clock hour over the channel's previous business days, and spike_min_excess
// more. The late replies that fell in it are its evidence after its first message.
void TeamTally::VolumeSpikes(const Timelines& timelines, const std::vector<Finding>& late_replies,
                             TeamResult& out) const {
  const auto& events = corpus_.events();
  std::array<std::optional<date::local_days>, kChannelCount> first_day{};
  ClockHours by_clock;
  std::vector<uint64_t> busy;  // the hours with enough messages to be a spike
  for (const auto& [key, messages] : hours_) {
    const date::local_seconds local = HourOf(key);
    const date::local_days day = date::floor<date::days>(local);
    auto& first = first_day[static_cast<size_t>(ChannelOf(key))];
    if (!first || day < *first) first = day;
    const auto count = static_cast<uint32_t>(messages.size());
    if (calendar_.ClosingTime(day)) {
      by_clock[ClockKey(ChannelOf(key), local - day)].emplace_back(day, count);
    }
    if (static_cast<int>(count) >= policy_.spike_min_excess) busy.push_back(key);
  }
  for (auto& [clock, days] : by_clock) std::sort(days.begin(), days.end());
  std::sort(busy.begin(), busy.end());
  struct Spike {
    uint64_t key;
    uint32_t first, messages;
  };
  std::vector<Spike> spikes;
  std::unordered_set<uint32_t> anchors;
  for (const uint64_t key : busy) {
    const std::vector<uint32_t>& messages = hours_.at(key);
    const Channel channel = ChannelOf(key);
    const auto baseline = Baseline(calendar_, policy_, channel, HourOf(key),
                                   *first_day[static_cast<size_t>(channel)], by_clock);
    if (!baseline) continue;
    const auto count = static_cast<double>(messages.size());
    if (count < policy_.spike_ratio * *baseline || count < *baseline + policy_.spike_min_excess) {
      continue;
    }
    const uint32_t first = *std::min_element(
        messages.begin(), messages.end(),
        [&](uint32_t a, uint32_t b) { return corpus_.ComesBefore(events[a], events[b]); });
    anchors.insert(first);
    spikes.push_back({key, first, static_cast<uint32_t>(messages.size())});
  }
  const auto places = PlacesOf(timelines, anchors);
  for (const Spike& spike : spikes) {
    const Channel channel = ChannelOf(spike.key);
    std::vector<uint32_t> evidence{spike.first};
    for (const Finding& late : late_replies) {
      const Event& waited = events[late.messages.front()];
      if (waited.channel == channel && HourKey(channel, LocalHour(waited.at)) == spike.key &&
          late.messages.front() != spike.first) {
        evidence.push_back(late.messages.front());
      }
    }
    const auto place = places.find(spike.first);
    if (place == places.end()) continue;
    Finding f = Make(Rule::kVolumeSpike, timelines, place->second, evidence, channel);
    f.detail = MessageCount{spike.messages};
    out.findings.push_back(std::move(f));
  }
}

TeamResult JudgeTeam(const TimingContext& ctx, const TeamPolicy& policy, const Timelines& timelines,
                     const std::vector<Finding>& late_replies) {
  TeamTally tally(ctx.corpus, ctx.calendar, policy);
  for (const Timeline& timeline : timelines.customers) {
    for (const uint32_t event : timeline.events) tally.Add(event);
  }
  return tally.Judge(timelines, late_replies);
}

}  // namespace fiducia
