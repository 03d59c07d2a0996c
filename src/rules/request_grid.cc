#include "rules/request_grid.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>
#include <unordered_map>
#include <vector>

#include "common/parallel.h"
#include "rules/case_classes.h"
#include "rules/wording.h"

namespace fiducia {
namespace {

// Consumer mail providers: a customer writing from one of them is a person, not an account.
constexpr std::array<std::string_view, 24> kConsumerMail = {
    "gmail.com",     "googlemail.com", "yahoo.com",      "yahoo.it",   "hotmail.com", "hotmail.it",
    "outlook.com",   "outlook.it",     "live.com",       "live.it",    "icloud.com",  "me.com",
    "libero.it",     "virgilio.it",    "alice.it",       "tiscali.it", "tin.it",      "email.it",
    "fastwebnet.it", "aol.com",        "protonmail.com", "gmx.com",    "msn.com",     "inwind.it"};

GridClass Cell(bool reasonable, bool possible) {
  if (reasonable)
    return possible ? GridClass::kReasonablePossible : GridClass::kReasonableImpossible;
  return possible ? GridClass::kUnreasonablePossible : GridClass::kUnreasonableImpossible;
}

GridClass FromTag(std::string_view tag) {
  for (GridClass c : kGridCells) {
    if (ToString(c) == tag) return c;
  }
  return GridClass::kUnknown;
}

}  // namespace

std::string_view ToString(GridClass c) {
  static constexpr std::array<std::string_view, 5> kNames = {
      "", "reasonable-possible", "reasonable-impossible", "unreasonable-possible",
      "unreasonable-impossible"};
  return kNames[static_cast<size_t>(c)];
}

namespace {

// The class the tags of each case give (RequestClassOfCase), by case number, found once per case
// however many requests it holds: reading a long case's events again for each of its requests
// was most of the grid's time at scale. Requests of one case may be classified on two threads,
// which then find and store the same value.
class CaseTags {
 public:
  CaseTags(const Corpus& corpus, size_t case_count) : corpus_(corpus), memo_(case_count + 1) {}

  GridClass Of(const Case& c) {
    if (c.number == 0 || c.number >= memo_.size()) return Find(c);  // not numbered: not kept
    std::atomic<uint8_t>& slot = memo_[c.number];  // 0: not found yet, else the class + 1
    uint8_t v = slot.load(std::memory_order_relaxed);
    if (v == 0) {
      v = static_cast<uint8_t>(static_cast<uint8_t>(Find(c)) + 1);
      slot.store(v, std::memory_order_relaxed);
    }
    return static_cast<GridClass>(v - 1);
  }

 private:
  GridClass Find(const Case& c) const {
    const auto tag = RequestClassOfCase(corpus_, c);
    return tag ? FromTag(*tag) : GridClass::kUnknown;
  }

  const Corpus& corpus_;
  std::vector<std::atomic<uint8_t>> memo_;  // zeroed
};

// One request's cell, from the request and what follows it up to the customer's next request.
RequestGrid ClassifyOne(const Corpus& corpus, const Timelines& timelines,
                        const std::vector<EventPlace>& place, const std::vector<bool>& is_anchor,
                        CaseTags& case_tags, const RequestOutcome& r) {
  RequestGrid g;
  g.anchor = r.anchor;
  const auto [t, p] = place[r.anchor];  // timeline, position
  if (t == UINT32_MAX) return g;
  g.timeline = t;
  const Timeline& timeline = timelines.customers[t];
  const Case& kase = timeline.cases[timeline.case_of[p]];
  uint32_t asked = corpus.events()[r.anchor].cues, answered = 0;
  for (size_t q = p + 1; q < timeline.events.size(); ++q) {
    const uint32_t i = timeline.events[q];
    if (is_anchor[i]) break;
    const Event& e = corpus.events()[i];
    if (e.IsMessage() && e.direction == Direction::kIn && !e.is_auto) asked |= e.cues;
    if (e.IsMessage() && e.direction == Direction::kOut && !e.is_auto) ++g.agent_messages;
    if (e.channel == Channel::kPhone && e.IsMessage() && e.duration_s > 0) {
      g.phone_seconds += static_cast<uint32_t>(e.duration_s);
    }
    if (AreCompanyWords(e) || (e.direction == Direction::kNote && e.has_text)) answered |= e.cues;
  }
  if (corpus.events()[r.anchor].IsHandledCall()) answered |= corpus.events()[r.anchor].cues;
  GridClass tagged = GridClass::kUnknown;
  if (auto own = RequestClassOfMessage(corpus, r.anchor)) {
    tagged = FromTag(*own);
  } else {
    tagged = case_tags.Of(kase);
  }
  if (tagged != GridClass::kUnknown) {
    g.grid = tagged;
    g.from_tags = true;
    return g;
  }
  // From the words, as the spec gives every request a class: with no answer yet nothing refused
  // it, so it is possible; reasonable unless the customer demanded more than is owed.
  const bool refused = (answered & (kCueRefusal | kCueRefused)) && !(answered & kCueApproved);
  const bool unreasonable = (asked & kCueDemand) || (answered & kCuePolicy);
  g.grid = Cell(!unreasonable, !refused);
  return g;
}

}  // namespace

std::vector<RequestGrid> ClassifyRequests(const Corpus& corpus, const Timelines& timelines,
                                          const std::vector<RequestOutcome>& requests,
                                          unsigned threads) {
  const std::vector<EventPlace> place = PlaceEvents(timelines, corpus.events().size());
  std::vector<bool> is_anchor(corpus.events().size(), false);  // by event index
  for (const RequestOutcome& r : requests) is_anchor[r.anchor] = true;
  std::vector<RequestGrid> out(requests.size());
  CaseTags case_tags(corpus, timelines.case_count);
  // Requests are independent: `threads` stretches of them, each on its own thread.
  const size_t parts = std::clamp<size_t>(requests.size() / 4096, 1, std::max(threads, 1u));
  auto classify = [&](size_t part) {
    const size_t from = requests.size() * part / parts, to = requests.size() * (part + 1) / parts;
    for (size_t i = from; i < to; ++i) {
      out[i] = ClassifyOne(corpus, timelines, place, is_anchor, case_tags, requests[i]);
    }
  };
  RunInParallel(static_cast<unsigned>(parts), classify);
  return out;
}

std::string_view AccountOf(const Corpus& corpus, const Timeline& timeline) {
  for (Symbol h : timeline.handles) {
    const std::string_view handle = corpus.symbols().Name(h);
    const size_t at = handle.rfind('@');
    if (at == std::string_view::npos || at == 0) continue;
    const std::string_view domain = handle.substr(at + 1);
    if (std::find(kConsumerMail.begin(), kConsumerMail.end(), domain) == kConsumerMail.end()) {
      return domain;
    }
  }
  return {};
}

}  // namespace fiducia
