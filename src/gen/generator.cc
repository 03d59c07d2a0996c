#include "gen/generator.h"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "calendar/business_calendar.h"
#include "common/json_writer.h"
#include "common/strings.h"
#include "common/time_text.h"
#include "gen/random.h"

namespace fiducia::gen {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// What one conversation is made to show. kClean plants nothing.
enum class Scenario : uint8_t {
  kClean,
  kLate,
  kUnanswered,
  kChaser,
  kHop,
  kApology,
  kBlame,
  kRefusal,
  kOvercommit,
  kSilentNo,
  kBrokenPromise,
  kDiscordant,
  kRepairIncomplete,
  kAlarm,
  kStrain,
};

struct ScenarioRate {
  Scenario scenario;
  double rate;     // of conversations
  bool last_only;  // needs no later answer to the customer: only in a customer's last conversation
};

constexpr ScenarioRate kRates[] = {
    {Scenario::kLate, 0.04, false},       {Scenario::kUnanswered, 0.03, true},
    {Scenario::kChaser, 0.03, false},     {Scenario::kHop, 0.015, false},
    {Scenario::kApology, 0.03, false},    {Scenario::kBlame, 0.02, false},
    {Scenario::kRefusal, 0.02, false},    {Scenario::kOvercommit, 0.01, false},
    {Scenario::kSilentNo, 0.02, true},    {Scenario::kBrokenPromise, 0.015, true},
    {Scenario::kDiscordant, 0.01, false}, {Scenario::kRepairIncomplete, 0.015, false},
    {Scenario::kAlarm, 0.015, false},     {Scenario::kStrain, 0.0005, false},
};

constexpr int kSpanDays = 112;         // 16 weeks from Monday 12 January 2026
constexpr int kQuietBusinessDays = 8;  // no conversation starts in the last ones
constexpr int kSpikeHour = 11;         // volume spikes are planted at 11:00-12:00
constexpr int kFirstSpikeDay = 10;     // business days of history before the first spike
constexpr double kItalianShare = 0.6;

// --- The calendar the corpus lives in ------------------------------------------------------------

class World {
 public:
  World() : calendar_(BusinessCalendar::Default()), zone_(date::locate_zone("Europe/Rome")) {
    first_ = date::local_days(date::year{2026} / 1 / 12);
    for (int d = 0; d < kSpanDays; ++d) {
      const date::local_days day = first_ + date::days(d);
      if (calendar_.IsOpen(At(day, hours(12)))) business_.push_back(day);
    }
    as_of_ = At(business_.back(), hours(18));
  }

  Instant At(date::local_days day, minutes time) const {
    const auto local = date::local_time<milliseconds>(day + time);
    return date::make_zoned(zone_, local, date::choose::earliest).get_sys_time();
  }
  Instant AddBusiness(Instant from, milliseconds amount) const {
    return calendar_.AddBusinessTime(from, amount);
  }
  date::local_days LocalDay(Instant t) const { return calendar_.LocalDay(t); }
  const std::vector<date::local_days>& business_days() const { return business_; }
  size_t StartDays() const { return business_.size() - kQuietBusinessDays; }
  Instant first_day() const { return At(first_, minutes(0)); }
  Instant as_of() const { return as_of_; }

 private:
  BusinessCalendar calendar_;
  const date::time_zone* zone_;
  date::local_days first_;
  std::vector<date::local_days> business_;
  Instant as_of_;
};

milliseconds Target(Channel c) {
  switch (c) {
    case Channel::kChat:
      return minutes(15);
    case Channel::kWhatsapp:
      return hours(2);
    case Channel::kPhone:
      return hours(4);
    default:
      return hours(8);
  }
}

// A fraction of a duration, in whole seconds (so that every time in the corpus is).
milliseconds Fraction(milliseconds d, double f) {
  return seconds(static_cast<int64_t>(static_cast<double>(d.count()) * f / 1000));
}

std::string Base36(uint64_t n) {
  std::string s;
  do {
    s.push_back("0123456789abcdefghijklmnopqrstuvwxyz"[n % 36]);
    n /= 36;
  } while (n);
  std::reverse(s.begin(), s.end());
  return s;
}

// --- Counters shared by every customer of a run --------------------------------------------------

struct Planting {
  std::vector<Label> labels;  // of the customer being made
  GenSummary* summary = nullptr;
  uint64_t next_event = 0;
  uint64_t next_conversation = 0;
  size_t agents_per_language = 6;

  void Plant(Rule rule, const std::string& anchor) {
    labels.push_back({rule, {}, anchor});
    ++summary->planted[static_cast<size_t>(rule)];
  }
};

// --- One conversation
// ------------------------------------------------------------------------------

class Conversation {
 public:
  Conversation(const World& world, Planting& planting, GenCustomer& customer, Rng& rng,
               Channel channel)
      : world_(world), planting_(planting), customer_(customer), rng_(rng), channel_(channel) {
    id_ = "c" + Base36(planting.next_conversation++);
    const auto names = AgentNames(customer.lang);
    agent_ = fmt::format("{}.{}", rng.Pick(names), rng.Below(planting.agents_per_language));
    order_ =
        fmt::format("{}-{}", customer.lang == Lang::kIt ? "A" : "SF", 10000 + rng.Below(90000));
    product_ = rng.Pick(Products(customer.lang));
    amount_ = fmt::format("{}", 19 + rng.Below(180));
  }

  Channel channel() const { return channel_; }
  const std::string& agent() const { return agent_; }

  // A customer's message of `kind`; returns its id.
  std::string In(Kind kind, Instant at, std::optional<Channel> on = std::nullopt) {
    GenEvent& e = Add(at, on.value_or(channel_), Direction::kIn, kind);
    return e.id;
  }
  std::string Out(Kind kind, Instant at, const std::string& reply_to = {}) {
    GenEvent& e = Add(at, channel_, Direction::kOut, kind);
    e.agent = agent_;
    e.in_reply_to = reply_to;
    return e.id;
  }
  void Note(Instant at) {
    GenEvent& e = Add(at, channel_, Direction::kNote, Kind::kNote);
    e.agent = agent_;
  }
  void Ack(Instant at) {
    GenEvent& e = Add(at, channel_, Direction::kOut, Kind::kAck);
    e.agent = "autoresponder";
    e.is_auto = true;
  }
  // A phone call: inbound missed (no agent, 0 s), inbound handled or outbound with a summary.
  std::string Call(Instant at, Direction direction, int32_t duration_s, Kind summary,
                   const std::string& agent) {
    GenEvent& e = Add(at, Channel::kPhone, direction, summary);
    e.duration_s = duration_s;
    e.agent = duration_s > 0 ? agent : std::string();
    if (duration_s == 0) e.text.clear();
    return e.id;
  }
  void Tag(Instant at, std::string tag) {
    GenEvent e;
    e.id = "e" + Base36(planting_.next_event++);
    e.type = EventType::kTag;
    e.at = at;
    e.conversation = id_;
    e.tags.push_back(std::move(tag));
    customer_.events.push_back(std::move(e));
  }
  // The first answer's time for a request at `t0`: within the target, or late.
  Instant ReplyAt(Instant t0, bool late) {
    const double f = late ? rng_.Between(1.3, 3.0) : rng_.Between(0.05, 0.7);
    return world_.AddBusiness(t0, Fraction(Target(channel_), f));
  }
  Instant Later(Instant t, minutes lo, minutes hi) {
    return t + minutes(lo.count() + static_cast<int64_t>(
                                        rng_.Below(static_cast<uint64_t>((hi - lo).count()) + 1)));
  }

 private:
  GenEvent& Add(Instant at, Channel channel, Direction direction, Kind kind) {
    GenEvent e;
    e.id = "e" + Base36(planting_.next_event++);
    e.at = at;
    e.channel = channel;
    e.direction = direction;
    e.conversation = id_;
    e.by_phone = channel == Channel::kWhatsapp || channel == Channel::kPhone;
    e.text = Fill(rng_.Pick(Phrases(customer_.lang, kind)));
    customer_.events.push_back(std::move(e));
    return customer_.events.back();
  }

  std::string Fill(std::string_view phrase) const {
    std::string out;
    out.reserve(phrase.size() + 16);
    for (size_t i = 0; i < phrase.size(); ++i) {
      if (phrase[i] == '{' && i + 2 < phrase.size() && phrase[i + 2] == '}') {
        out += Placeholder(phrase[i + 1]);
        i += 2;
      } else {
        out.push_back(phrase[i]);
      }
    }
    return out;
  }
  std::string_view Placeholder(char c) const {
    switch (c) {
      case 'N':
        return std::string_view(customer_.name).substr(0, customer_.name.find(' '));
      case 'O':
        return order_;
      case 'P':
        return product_;
      default:
        return amount_;
    }
  }

  const World& world_;
  Planting& planting_;
  GenCustomer& customer_;
  Rng& rng_;
  Channel channel_;
  std::string id_, agent_, order_, amount_;
  std::string_view product_;
};

// --- The scenarios -----------------------------------------------------------------------------

Kind ReplyKind(Scenario s) {
  switch (s) {
    case Scenario::kApology:
      return Kind::kApology;
    case Scenario::kBlame:
      return Kind::kBlame;
    case Scenario::kRefusal:
      return Kind::kRefusal;
    case Scenario::kOvercommit:
      return Kind::kOvercommit;
    default:
      return Kind::kReply;
  }
}

std::optional<Rule> WordingRule(Scenario s) {
  switch (s) {
    case Scenario::kApology:
      return Rule::kApologyWording;
    case Scenario::kBlame:
      return Rule::kBlameShifting;
    case Scenario::kRefusal:
      return Rule::kRefusalWithoutAlternative;
    case Scenario::kOvercommit:
      return Rule::kOvercommitment;
    default:
      return std::nullopt;
  }
}

Channel OtherChannel(Channel c) {
  return c == Channel::kEmail ? Channel::kWhatsapp : Channel::kEmail;
}

class ScenarioMaker {
 public:
  ScenarioMaker(Conversation& c, Planting& p, Rng& rng) : c_(c), p_(p), rng_(rng) {}

  void Make(Scenario s, Instant t0) {
    if (c_.channel() == Channel::kPhone) return Phone(s, t0);
    switch (s) {
      case Scenario::kChaser:
      case Scenario::kHop:
        return Chaser(s == Scenario::kHop, t0);
      case Scenario::kUnanswered:
        return Unanswered(t0);
      case Scenario::kSilentNo:
        return OneReply(t0, Kind::kExpectation, Rule::kSilentNo);
      case Scenario::kBrokenPromise:
        return OneReply(t0, Kind::kPromise, Rule::kBrokenPromise);
      case Scenario::kDiscordant:
        return Discordant(t0);
      case Scenario::kRepairIncomplete:
        return Disservice(t0, true);
      case Scenario::kAlarm:
        return Alarm(t0);
      default:
        return Plain(s, t0);
    }
  }

 private:
  void MaybeAck(Instant t0) {
    if (c_.channel() == Channel::kEmail && rng_.Chance(0.5)) c_.Ack(t0 + minutes(1));
  }

  // A request, its answer (in time, late, or worded badly), then a follow-up or a closing.
  void Plain(Scenario s, Instant t0) {
    if (s == Scenario::kClean && rng_.Chance(0.1)) return Disservice(t0, false);
    const std::string request = c_.In(Kind::kRequest, t0);
    MaybeAck(t0);
    const Instant at = c_.ReplyAt(t0, s == Scenario::kLate);
    const std::string reply = c_.Out(ReplyKind(s), at, request);
    if (s == Scenario::kLate) p_.Plant(Rule::kLateReply, request);
    if (auto rule = WordingRule(s)) p_.Plant(*rule, reply);
    if (rng_.Chance(0.1)) c_.Note(at + minutes(2));
    Tail(at);
  }

  // After the last answer: a follow-up question answered in time, a closing, or nothing (a
  // conversation never has more than two customer messages, so as not to make a trust_alarm).
  void Tail(Instant last) {
    const double r = rng_.Unit();
    if (r < 0.35) {
      const Instant q = c_.Later(last, minutes(3), minutes(180));
      const std::string id = c_.In(Kind::kFollowUp, q);
      c_.Out(Kind::kReply, c_.ReplyAt(q, false), id);
    } else if (r < 0.75) {
      c_.In(Kind::kClosing, c_.Later(last, minutes(1), minutes(60)));
    }
  }

  void Disservice(Instant t0, bool incomplete) {
    c_.Tag(t0 + minutes(1), "complaint:disservice");
    const std::string request = c_.In(Kind::kDisservice, t0);
    const Instant at = c_.ReplyAt(t0, false);
    const auto kind = incomplete ? Kind::kReplyEmpathyOnly : Kind::kReplyRepaired;
    const std::string reply = c_.Out(kind, at, request);
    if (incomplete) p_.Plant(Rule::kTrustRepairIncomplete, reply);
    if (rng_.Chance(0.5)) c_.In(Kind::kClosing, c_.Later(at, minutes(1), minutes(60)));
  }

  void Unanswered(Instant t0) {
    p_.Plant(Rule::kUnanswered, c_.In(Kind::kRequest, t0));
    MaybeAck(t0);
  }

  void Chaser(bool hop, Instant t0) {
    const std::string request = c_.In(Kind::kRequest, t0);
    const milliseconds target = Target(c_.channel());
    const Instant chase_at = c_.channel() == Channel::kChat
                                 ? t0 + Fraction(target, 0.4)
                                 : t0 + std::max<milliseconds>(Fraction(target, 0.4), minutes(5));
    const std::string chase = hop ? c_.In(Kind::kHopReminder, chase_at, OtherChannel(c_.channel()))
                                  : c_.In(Kind::kReminder, chase_at);
    p_.Plant(Rule::kChaser, chase);
    if (hop) p_.Plant(Rule::kChannelHop, chase);
    c_.Out(Kind::kReply, std::max(c_.ReplyAt(t0, false), chase_at + minutes(2)), request);
  }

  void OneReply(Instant t0, Kind kind, Rule rule) {
    const std::string request = c_.In(Kind::kRequest, t0);
    p_.Plant(rule, c_.Out(kind, c_.ReplyAt(t0, false), request));
  }

  void Discordant(Instant t0) {
    const std::string request = c_.In(Kind::kRequest, t0);
    const Instant first = c_.ReplyAt(t0, false);
    c_.Out(Kind::kFactFirst, first, request);
    const Instant q = c_.Later(first, minutes(30), minutes(24 * 60));
    const std::string question = c_.In(Kind::kFollowUp, q);
    p_.Plant(Rule::kDiscordantAnswers, c_.Out(Kind::kFactSecond, c_.ReplyAt(q, false), question));
  }

  void Alarm(Instant t0) {
    const std::string request = c_.In(Kind::kRequest, t0);
    const Instant at = c_.ReplyAt(t0, false);
    c_.Out(Kind::kReply, at, request);
    const Instant threat_at = c_.Later(at, minutes(10), minutes(24 * 60));
    const std::string threat = c_.In(Kind::kThreat, threat_at);
    p_.Plant(Rule::kTrustAlarm, threat);
    c_.Out(Kind::kReply, c_.ReplyAt(threat_at, false), threat);
  }

  // Phone: a handled call, a missed call called back (in time or late), a missed call never called
  // back, or two long calls with a hostile customer on one day.
  void Phone(Scenario s, Instant t0) {
    const int32_t duration = 60 + static_cast<int32_t>(rng_.Below(480));
    if (s == Scenario::kStrain) return Strain(t0);
    if (s == Scenario::kClean && rng_.Chance(0.6)) {
      c_.Call(t0, Direction::kIn, duration, Kind::kCallSummary, c_.agent());
      return;
    }
    const std::string missed = c_.Call(t0, Direction::kIn, 0, Kind::kCallSummary, {});
    if (s == Scenario::kUnanswered) return p_.Plant(Rule::kUnanswered, missed);
    if (s == Scenario::kLate) p_.Plant(Rule::kLateReply, missed);
    c_.Call(c_.ReplyAt(t0, s == Scenario::kLate), Direction::kOut, duration, Kind::kCallSummary,
            c_.agent());
  }

  void Strain(Instant t0) {
    const auto first = c_.Call(t0, Direction::kIn, 620 + static_cast<int32_t>(rng_.Below(900)),
                               Kind::kHostileCall, c_.agent());
    p_.Plant(Rule::kAgentStrain, first);
    c_.Call(t0 + hours(4), Direction::kIn, 600 + static_cast<int32_t>(rng_.Below(600)),
            Kind::kHostileCall, c_.agent());
  }

  Conversation& c_;
  Planting& p_;
  Rng& rng_;
};

// --- One customer ------------------------------------------------------------------------------

Channel PickChannel(Rng& rng) {
  const double r = rng.Unit();
  if (r < 0.35) return Channel::kEmail;
  if (r < 0.70) return Channel::kWhatsapp;
  if (r < 0.85) return Channel::kChat;
  return Channel::kPhone;
}

Scenario PickScenario(Rng& rng, double scale, bool last) {
  double r = rng.Unit();
  for (const ScenarioRate& s : kRates) {
    if (r < s.rate * scale) return (s.last_only && !last) ? Scenario::kClean : s.scenario;
    r -= s.rate * scale;
  }
  return Scenario::kClean;
}

// Where a phone scenario cannot be planted (wording needs a written reply), e-mail takes it.
Channel ChannelFor(Scenario s, Channel preferred) {
  if (s == Scenario::kStrain) return Channel::kPhone;
  if (preferred != Channel::kPhone) return preferred;
  const bool phone_ok = s == Scenario::kClean || s == Scenario::kLate || s == Scenario::kUnanswered;
  return phone_ok ? Channel::kPhone : Channel::kEmail;
}

// The minute a conversation starts: office hours mostly, some evenings (never for chat).
Instant StartTime(const World& world, Rng& rng, date::local_days day, Channel channel, Scenario s) {
  if (s == Scenario::kStrain) return world.At(day, hours(9) + minutes(rng.Below(60)));
  if (channel != Channel::kChat && channel != Channel::kPhone && rng.Chance(0.12)) {
    return world.At(day, hours(18) + minutes(rng.Below(240)));
  }
  return world.At(day, hours(9) + minutes(rng.Below(8 * 60 + 30)));
}

void InitCustomer(GenCustomer& c, Rng& rng, uint64_t index) {
  c.index = index;
  c.lang = rng.Chance(kItalianShare) ? Lang::kIt : Lang::kEn;
  const std::string_view first = rng.Pick(FirstNames(c.lang));
  const std::string_view last = rng.Pick(Surnames(c.lang));
  c.name = fmt::format("{} {}", first, last);
  const bool it = c.lang == Lang::kIt;
  c.email = AsciiLower(
      fmt::format("{}.{}.{}@example.{}", first, last, Base36(index), it ? "it" : "co.uk"));
  c.phone = it ? fmt::format("+393{}{:07}", 20 + (index / 10000000) % 30, index % 10000000)
               : fmt::format("+447{}{:08}", 4 + (index / 100000000) % 5, index % 100000000);
  c.events.clear();
}

// The customer's first event names the other handle, which joins their channels into one person.
void JoinHandles(GenCustomer& c) {
  if (c.events.empty()) return;
  const bool both = std::any_of(c.events.begin(), c.events.end(), [&](const GenEvent& e) {
    return e.type == EventType::kMessage && e.by_phone != c.events.front().by_phone;
  });
  GenEvent* first = nullptr;
  for (GenEvent& e : c.events) {
    if (e.type == EventType::kMessage) {
      first = &e;
      break;
    }
  }
  if (both && first) first->aliases.push_back(first->by_phone ? c.email : c.phone);
}

void SortEvents(GenCustomer& c) {
  std::stable_sort(c.events.begin(), c.events.end(),
                   [](const GenEvent& a, const GenEvent& b) { return a.at < b.at; });
}

const std::string& FirstHandle(const GenCustomer& c) {
  for (const GenEvent& e : c.events) {
    if (e.type == EventType::kMessage) return c.HandleOf(e);
  }
  return c.email;
}

// Conversations of one customer on business days far enough apart not to overlap.
std::vector<size_t> ConversationDays(Rng& rng, size_t start_days) {
  const double r = rng.Unit();
  const size_t n = r < 0.55 ? 1 : (r < 0.85 ? 2 : 3);
  const size_t segment = start_days / n;
  std::vector<size_t> days;
  for (size_t i = 0; i < n; ++i) days.push_back(i * segment + rng.Below(segment - 5));
  return days;
}

void MakeCustomer(const World& world, Planting& planting, const GenOptions& options, Rng& rng,
                  GenCustomer& customer) {
  const Channel preferred = PickChannel(rng);
  const std::vector<size_t> days = ConversationDays(rng, world.StartDays());
  for (size_t i = 0; i < days.size(); ++i) {
    const Scenario s = PickScenario(rng, options.defect_scale, i + 1 == days.size());
    const Channel channel = ChannelFor(s, rng.Chance(0.7) ? preferred : PickChannel(rng));
    Conversation conversation(world, planting, customer, rng, channel);
    const Instant t0 = StartTime(world, rng, world.business_days()[days[i]], channel, s);
    ScenarioMaker(conversation, planting, rng).Make(s, t0);
  }
}

// --- Volume spikes ------------------------------------------------------------------------------

// One clock hour of one business day where WhatsApp gets a spike: the inbound messages counted
// per business day at that hour, and the first message of the hour (the finding's anchor).
struct SpikePlan {
  std::vector<uint64_t> per_day;  // inbound WhatsApp messages at kSpikeHour, by business day
  std::vector<size_t> spike_days;
  std::vector<size_t> day_index_of;  // local day (from the first) -> business day index, or npos
  struct First {
    Instant at = Instant::max();
    std::string id, customer;
  };
  std::vector<First> first;  // per business day
};

SpikePlan PlanSpikes(const World& world, uint64_t messages) {
  SpikePlan plan;
  const auto& days = world.business_days();
  plan.per_day.assign(days.size(), 0);
  plan.first.resize(days.size());
  plan.day_index_of.assign(kSpanDays + 1, std::string::npos);
  for (size_t i = 0; i < days.size(); ++i) {
    plan.day_index_of[static_cast<size_t>((days[i] - days.front()).count())] = i;
  }
  const size_t count = std::clamp<size_t>(messages / 200000, 1, 8);
  const size_t room = world.StartDays() - kFirstSpikeDay;
  for (size_t k = 0; k < count; ++k) plan.spike_days.push_back(kFirstSpikeDay + k * room / count);
  return plan;
}

void CountSpikeHour(const World& world, SpikePlan& plan, const GenCustomer& c) {
  for (const GenEvent& e : c.events) {
    if (e.type != EventType::kMessage || e.channel != Channel::kWhatsapp ||
        e.direction != Direction::kIn) {
      continue;
    }
    const date::local_days day = world.LocalDay(e.at);
    const auto offset = (day - world.business_days().front()).count();
    if (offset < 0 || offset > kSpanDays) continue;
    const size_t i = plan.day_index_of[static_cast<size_t>(offset)];
    if (i == std::string::npos) continue;
    const Instant start = world.At(day, hours(kSpikeHour));
    if (e.at < start || e.at >= start + hours(1)) continue;
    ++plan.per_day[i];
    auto& first = plan.first[i];
    if (e.at < first.at || (e.at == first.at && e.id < first.id)) {
      first = {e.at, e.id, FirstHandle(c)};
    }
  }
}

// How many more messages day `d` needs at the spike hour: 3 times and 10 more than the median of
// the previous business days, with a margin.
uint64_t SpikeShortfall(const SpikePlan& plan, size_t d) {
  std::vector<uint64_t> before(plan.per_day.begin(), plan.per_day.begin() + d);
  std::nth_element(before.begin(), before.begin() + before.size() / 2, before.end());
  const uint64_t median = before[before.size() / 2];
  const uint64_t needed = std::max(3 * median, median + 10);
  const uint64_t goal = needed + needed / 4 + 2;
  return goal > plan.per_day[d] ? goal - plan.per_day[d] : 0;
}

// --- The run ------------------------------------------------------------------------------------

class Run {
 public:
  Run(const GenOptions& options, std::span<GenOutput* const> outputs)
      : options_(options), outputs_(outputs), spikes_(PlanSpikes(world_, options.messages)) {
    planting_.summary = &summary_;
    const uint64_t conversations = options.messages / 3 + 1;
    planting_.agents_per_language = std::max<size_t>(
        2, conversations / (world_.StartDays() * 40 * AgentNames(Lang::kIt).size()));
    summary_.first_day = world_.first_day();
    summary_.as_of = world_.as_of();
  }

  Result<GenSummary> Go() {
    while (summary_.messages < options_.messages) {
      Rng rng = Rng::For(options_.seed, next_customer_);
      InitCustomer(customer_, rng, next_customer_++);
      MakeCustomer(world_, planting_, options_, rng, customer_);
      if (Status s = Emit(); !s.ok()) return s;
    }
    for (size_t d : spikes_.spike_days) {
      if (Status s = Spike(d); !s.ok()) return s;
    }
    return Finish();
  }

 private:
  Status Emit() {
    SortEvents(customer_);
    JoinHandles(customer_);
    CountSpikeHour(world_, spikes_, customer_);
    for (const GenEvent& e : customer_.events) {
      summary_.events += 1;
      summary_.messages += e.type == EventType::kMessage ? 1 : 0;
    }
    ++summary_.customers;
    const std::string& handle = FirstHandle(customer_);
    for (Label& l : planting_.labels) l.customer = handle;
    for (GenOutput* out : outputs_) {
      if (Status s = out->Customer(customer_); !s.ok()) return s;
      for (const Label& l : planting_.labels) {
        if (Status s = out->Planted(l); !s.ok()) return s;
      }
    }
    planting_.labels.clear();
    return Status::Ok();
  }

  // Customers who all write on WhatsApp in the spike hour of business day `d`, answered in time.
  Status Spike(size_t d) {
    const uint64_t extra = SpikeShortfall(spikes_, d);
    const date::local_days day = world_.business_days()[d];
    for (uint64_t k = 0; k < extra; ++k) {
      Rng rng = Rng::For(options_.seed, next_customer_);
      InitCustomer(customer_, rng, next_customer_++);
      Conversation c(world_, planting_, customer_, rng, Channel::kWhatsapp);
      const Instant t0 = world_.At(day, hours(kSpikeHour) + minutes(rng.Below(60)));
      const std::string request = c.In(Kind::kRequest, t0);
      c.Out(Kind::kReply, c.ReplyAt(t0, false), request);
      if (Status s = Emit(); !s.ok()) return s;
    }
    const auto& first = spikes_.first[d];
    if (first.id.empty()) return Status::Ok();
    ++summary_.planted[static_cast<size_t>(Rule::kVolumeSpike)];
    for (GenOutput* out : outputs_) {
      if (Status s = out->Planted({Rule::kVolumeSpike, first.customer, first.id}); !s.ok()) {
        return s;
      }
    }
    return Status::Ok();
  }

  Result<GenSummary> Finish() {
    summary_.conversations = planting_.next_conversation;
    for (GenOutput* out : outputs_) {
      if (Status s = out->Finish(); !s.ok()) return s;
    }
    return summary_;
  }

  const GenOptions& options_;
  std::span<GenOutput* const> outputs_;
  World world_;
  SpikePlan spikes_;
  GenSummary summary_;
  Planting planting_;
  GenCustomer customer_;
  uint64_t next_customer_ = 0;
};

}  // namespace

std::string GenSummary::ToJson() const {
  JsonWriter w(false);
  w.BeginObject();
  w.Key("messages").Int(static_cast<int64_t>(messages));
  w.Key("events").Int(static_cast<int64_t>(events));
  w.Key("customers").Int(static_cast<int64_t>(customers));
  w.Key("conversations").Int(static_cast<int64_t>(conversations));
  w.Key("first_day").String(FormatRfc3339(first_day, minutes(60)));
  w.Key("as_of").String(FormatRfc3339(as_of, BusinessCalendar::Default().OffsetAt(as_of)));
  w.Key("planted").BeginObject();
  for (Rule r : kAllRules) w.Key(ToString(r)).Int(static_cast<int64_t>(planted[size_t(r)]));
  w.EndObject();
  w.EndObject();
  return w.Take();
}

Result<GenSummary> Generate(const GenOptions& options, std::span<GenOutput* const> outputs) {
  if (options.messages == 0) return Status::InvalidInput("the corpus needs at least one message");
  return Run(options, outputs).Go();
}

}  // namespace fiducia::gen
