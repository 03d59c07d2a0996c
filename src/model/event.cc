#include "model/event.h"

#include <array>

namespace fiducia {
namespace {

constexpr std::array<std::string_view, 3> kTypeNames = {"message", "status", "tag"};
constexpr std::array<std::string_view, kChannelCount> kChannelNames = {
    "email", "whatsapp", "phone", "chat", "sms", "social", "web", "other"};
constexpr std::array<std::string_view, 3> kDirectionNames = {"in", "out", "note"};
constexpr std::array<std::string_view, 5> kStatusNames = {"", "open", "pending", "solved",
                                                          "closed"};

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (!names[i].empty() && names[i] == s) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, kCueClassCount> kCueNames = {
    "reminder",       "closing",         "apology",         "politeness",     "empathy",
    "responsibility", "commitment",      "blame",           "refusal",        "idiom",
    "alternative",    "promise",         "expectation",     "overcommitment", "threat",
    "hostility",      "disservice",      "approved",        "refused",        "correction",
    "demand",         "policy",          "acknowledgement", "settled",        "reaction",
    "need",           "dissatisfaction", "outcome",         "send",           "ownership",
    "fault",          "remedy"};
constexpr std::array<std::string_view, 4> kLanguageNames = {"", "it", "en", "other"};

}  // namespace

std::string_view ToString(Act a) {
  static constexpr std::array<std::string_view, 5> kActNames = {"", "closing", "acknowledgement",
                                                                "reaction", "not_addressed"};
  return kActNames[static_cast<size_t>(a)];
}

std::string_view ToString(TextLanguage l) { return kLanguageNames[static_cast<size_t>(l)]; }

std::optional<Cue> ParseCue(std::string_view name) {
  for (size_t i = 0; i < kCueNames.size(); ++i) {
    if (kCueNames[i] == name) return static_cast<Cue>(1u << i);
  }
  return std::nullopt;
}

std::string_view ToString(Cue c) {
  for (size_t i = 0; i < kCueNames.size(); ++i) {
    if (c == (1u << i)) return kCueNames[i];
  }
  return "";
}

std::string_view ToString(EventType t) { return kTypeNames[static_cast<size_t>(t)]; }
std::string_view ToString(Channel c) { return kChannelNames[static_cast<size_t>(c)]; }
std::string_view ToString(Direction d) { return kDirectionNames[static_cast<size_t>(d)]; }
std::string_view ToString(TicketStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
std::optional<EventType> ParseEventType(std::string_view s) {
  return Lookup<EventType>(kTypeNames, s);
}
std::optional<Channel> ParseChannel(std::string_view s) {
  return Lookup<Channel>(kChannelNames, s);
}
std::optional<Direction> ParseDirection(std::string_view s) {
  return Lookup<Direction>(kDirectionNames, s);
}
std::optional<TicketStatus> ParseTicketStatus(std::string_view s) {
  return Lookup<TicketStatus>(kStatusNames, s);
}

bool Event::IsMissedCall() const {
  return IsMessage() && channel == Channel::kPhone && direction == Direction::kIn &&
         (agent == kNoSymbol || duration_s == 0);
}

bool Event::IsHandledCall() const {
  return IsMessage() && channel == Channel::kPhone && direction == Direction::kIn &&
         agent != kNoSymbol && duration_s != 0;
}

}  // namespace fiducia

namespace fiducia {
static_assert(sizeof(void*) != 8 || sizeof(Event) == 72,
              "Event grew: a corpus holds tens of millions");
}  // namespace fiducia
