#include "rules/case_classes.h"

#include <array>

#include "rules/wording.h"

namespace fiducia {
namespace {

constexpr std::array<std::string_view, 2> kComplaints = {"disservice", "no_disservice"};
constexpr std::array<std::string_view, 4> kRequestClasses = {
    "reasonable-possible", "reasonable-impossible", "unreasonable-possible",
    "unreasonable-impossible"};

template <size_t N>
std::optional<std::string_view> TagValue(const Corpus& corpus, const Event& e,
                                         std::string_view prefix,
                                         const std::array<std::string_view, N>& allowed) {
  for (Symbol tag : e.tags) {
    const std::string_view t = corpus.symbols().Name(tag);
    if (t.substr(0, prefix.size()) != prefix) continue;
    for (auto value : allowed) {
      if (t.substr(prefix.size()) == value) return value;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> ComplaintFromTags(const Corpus& corpus, const Case& c) {
  std::optional<std::string_view> found;
  for (uint32_t i : c.events) {
    if (auto v = TagValue(corpus, corpus.events()[i], "complaint:", kComplaints)) found = v;
  }
  return found;  // the latest tag wins: people correct their labels
}

std::optional<std::string_view> ComplaintOf(const Corpus& corpus, const Case& c) {
  if (auto tagged = ComplaintFromTags(corpus, c)) return tagged;
  uint32_t customer_cues = 0;
  uint32_t company_cues = 0;
  bool disliked_before_blame = false;  // unhappy with a price or a policy before any blame
  for (uint32_t i : c.events) {
    const Event& e = corpus.events()[i];
    if (e.IsMessage() && e.direction == Direction::kIn && !e.is_auto) {
      // A customer who owns the slip ("I made a mistake and sent it to the wrong IBAN", "ho
      // sbagliato io il codice") reports no failure of the service in that message.
      const uint32_t own_slip = e.Has(kCueResponsibility) ? uint32_t{kCueDisservice} : 0u;
      customer_cues |= e.cues & ~own_slip;
      if (!(company_cues & kCueBlame)) disliked_before_blame |= e.Has(kCueDissatisfaction);
    }
    if (AreCompanyWords(e)) company_cues |= e.cues;
    // The summary of a call the company made reports what the customer said too ("Returned cust's
    // call re slow speeds"): its failures are the customer's.
    const bool returned_call = e.IsMessage() && e.channel == Channel::kPhone &&
                               e.direction == Direction::kOut && e.duration_s != 0;
    if (returned_call) customer_cues |= e.cues & kCueDisservice;
  }
  if (customer_cues & kCueDisservice) return kComplaints[0];
  // Whatever words the customer used, a company that owns a fault or blames someone for it says
  // something failed. A blame answering a customer who had only disliked a price or a policy
  // ("il prezzo non dipende da noi") places a decision, not a failure; the customer's anger at
  // the blame itself ("inaccettabile", "ridiculous") changes nothing.
  if (company_cues & kCueResponsibility) return kComplaints[0];
  if ((company_cues & kCueBlame) && !disliked_before_blame) return kComplaints[0];
  if (customer_cues & (kCueThreat | kCueHostility | kCueDissatisfaction)) return kComplaints[1];
  return std::nullopt;
}

std::optional<std::string_view> RequestClassOfMessage(const Corpus& corpus, uint32_t event) {
  return TagValue(corpus, corpus.events()[event], "request:", kRequestClasses);
}

std::optional<std::string_view> RequestClassOfCase(const Corpus& corpus, const Case& c) {
  for (uint32_t i : c.events) {
    const Event& e = corpus.events()[i];
    if (e.type != EventType::kTag) continue;
    if (auto v = TagValue(corpus, e, "request:", kRequestClasses)) return v;
  }
  return std::nullopt;
}

std::optional<std::string_view> RequestClassFromTags(const Corpus& corpus, const Case& c,
                                                     uint32_t request_anchor) {
  if (auto own = RequestClassOfMessage(corpus, request_anchor)) return own;
  return RequestClassOfCase(corpus, c);
}

}  // namespace fiducia
