#include "timeline/timeline.h"

#include <algorithm>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "timeline/identity.h"

namespace fiducia {
namespace {

std::vector<uint32_t> EventsInOrder(const Corpus& corpus, Instant as_of) {
  std::vector<uint32_t> order;
  const auto& events = corpus.events();
  order.reserve(events.size());
  for (uint32_t i = 0; i < events.size(); ++i) {
    if (events[i].at <= as_of) order.push_back(i);
  }
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return corpus.ComesBefore(events[a], events[b]); });
  return order;
}

IdentityJoin JoinHandles(const Corpus& corpus, const std::vector<uint32_t>& order) {
  IdentityJoin join(corpus.symbols().size());
  for (uint32_t i : order) {
    const Event& e = corpus.events()[i];
    if (e.customer == kNoSymbol) continue;
    for (Symbol alias : e.aliases) join.Join(e.customer, alias);
  }
  return join;
}

// The person each conversation belongs to: that of its first event with a customer.
std::unordered_map<Symbol, Symbol> ConversationOwners(const Corpus& corpus,
                                                      const std::vector<uint32_t>& order,
                                                      IdentityJoin& join) {
  std::unordered_map<Symbol, Symbol> owners;
  for (uint32_t i : order) {
    const Event& e = corpus.events()[i];
    if (e.conversation != kNoSymbol && e.customer != kNoSymbol) {
      owners.try_emplace(e.conversation, join.PersonOf(e.customer));
    }
  }
  return owners;
}

void AddHandles(Timeline& t, const Event& e) {
  if (e.customer == kNoSymbol) return;
  if (t.customer == kNoSymbol) t.customer = e.customer;
  t.handles.push_back(e.customer);
  t.handles.insert(t.handles.end(), e.aliases.begin(), e.aliases.end());
}

// Threads one customer's events into cases (see ThreadingPolicy).
class CaseThreader {
 public:
  CaseThreader(const Corpus& corpus, const ThreadingPolicy& policy, Timeline& t)
      : corpus_(corpus), policy_(policy), t_(t) {}

  void Thread() {
    for (uint32_t i : t_.events) {
      const uint32_t c = CaseFor(corpus_.events()[i]);
      t_.case_of.push_back(c);
      t_.cases[c].events.push_back(i);
      case_of_id_[corpus_.events()[i].id] = c;
      last_at_[c] = corpus_.events()[i].at;
    }
  }

 private:
  uint32_t CaseFor(const Event& e) {
    if (e.conversation != kNoSymbol) {
      auto [it, added] = by_conversation_.try_emplace(e.conversation, 0);
      if (added) it->second = NewCase(e);
      return it->second;
    }
    if (auto parent = ReplyParentCase(e)) return *parent;
    if (loose_ && e.at - last_at_[*loose_] <= policy_.inactivity_gap) return *loose_;
    loose_ = NewCase(e);
    return *loose_;
  }

  std::optional<uint32_t> ReplyParentCase(const Event& e) const {
    if (e.in_reply_to == kNoSymbol) return std::nullopt;
    const Symbol parent = corpus_.ids().Find(corpus_.symbols().Name(e.in_reply_to));
    auto it = case_of_id_.find(parent);
    if (it == case_of_id_.end()) return std::nullopt;
    return it->second;
  }

  uint32_t NewCase(const Event& e) {
    Case c;
    c.conversation = e.conversation;
    c.first_event = static_cast<uint32_t>(&e - corpus_.events().data());
    t_.cases.push_back(std::move(c));
    last_at_.push_back(e.at);
    return static_cast<uint32_t>(t_.cases.size() - 1);
  }

  const Corpus& corpus_;
  const ThreadingPolicy& policy_;
  Timeline& t_;
  std::unordered_map<Symbol, uint32_t> by_conversation_;
  std::unordered_map<Symbol, uint32_t> case_of_id_;
  std::vector<Instant> last_at_;
  std::optional<uint32_t> loose_;
};

// Numbers cases c1, c2, … over the whole audit, by first event (time, then id).
size_t NumberCases(const Corpus& corpus, std::vector<Timeline>& customers) {
  std::vector<Case*> all;
  for (auto& t : customers) {
    for (auto& c : t.cases) all.push_back(&c);
  }
  std::sort(all.begin(), all.end(), [&](const Case* a, const Case* b) {
    return corpus.ComesBefore(corpus.events()[a->first_event], corpus.events()[b->first_event]);
  });
  for (size_t n = 0; n < all.size(); ++n) all[n]->number = static_cast<uint32_t>(n + 1);
  return all.size();
}

}  // namespace

Timelines BuildTimelines(const Corpus& corpus, Instant as_of, const ThreadingPolicy& policy) {
  const std::vector<uint32_t> order = EventsInOrder(corpus, as_of);
  IdentityJoin join = JoinHandles(corpus, order);
  const auto owners = ConversationOwners(corpus, order, join);
  Timelines out;
  std::unordered_map<Symbol, uint32_t> timeline_of_person;
  for (uint32_t i : order) {
    const Event& e = corpus.events()[i];
    Symbol person = kNoSymbol;
    if (e.customer != kNoSymbol) {
      person = join.PersonOf(e.customer);
    } else if (auto it = owners.find(e.conversation); it != owners.end()) {
      person = it->second;
    }
    if (person == kNoSymbol) {
      ++out.unattached;
      continue;
    }
    auto [it, added] = timeline_of_person.try_emplace(person, out.customers.size());
    if (added) out.customers.emplace_back();
    Timeline& t = out.customers[it->second];
    t.events.push_back(i);
    AddHandles(t, e);
  }
  for (auto& t : out.customers) {
    std::sort(t.handles.begin(), t.handles.end());
    t.handles.erase(std::unique(t.handles.begin(), t.handles.end()), t.handles.end());
    CaseThreader(corpus, policy, t).Thread();
  }
  out.case_count = NumberCases(corpus, out.customers);
  return out;
}

std::vector<EventPlace> PlaceEvents(const Timelines& timelines, size_t event_count) {
  std::vector<EventPlace> places(event_count);
  for (size_t t = 0; t < timelines.customers.size(); ++t) {
    const auto& events = timelines.customers[t].events;
    for (size_t p = 0; p < events.size(); ++p) {
      places[events[p]] = {static_cast<uint32_t>(t), static_cast<uint32_t>(p)};
    }
  }
  return places;
}

}  // namespace fiducia
