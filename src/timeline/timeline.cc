#include "timeline/timeline.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <span>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "common/huge_pages.h"
#include "common/parallel.h"
#include "common/radix_sort.h"
#include "timeline/identity.h"

namespace fiducia {
namespace {

// The first bytes of an id as a number that orders as the bytes do (zeros after its end), so that
// most ties in time are broken without reading the ids again.
uint64_t IdPrefix(std::string_view id) {
  uint64_t prefix = 0;
  for (size_t i = 0; i < 8; ++i) {
    prefix = (prefix << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0u);
  }
  return prefix;
}

// An event's place in the time order: its time, and the first bytes of its id to break ties (read
// while the events are walked in storage order, where the ids lie in the same order: no tie
// needs a random read of an id unless two ids share their first 8 bytes).
struct TimeKey {
  Instant at;
  uint64_t id_prefix;
  uint32_t index;
};

bool EarlierKey(const TimeKey& a, const TimeKey& b) { return a.at < b.at; }

// Sorts by time (ties in storage order): a radix sort on the time since the earliest one, as many
// passes as the span of times needs (4 for a year in milliseconds).
void SortByTime(std::vector<TimeKey>& keys) {
  if (keys.empty()) return;
  const auto base = std::min_element(keys.begin(), keys.end(), EarlierKey)->at;
  RadixSort(keys,
            [base](const TimeKey& k) { return static_cast<uint64_t>((k.at - base).count()); });
}

// Events of the same instant in id order (the order of Corpus::ComesBefore).
void SortTiesById(const Corpus& corpus, std::span<TimeKey> run) {
  std::sort(run.begin(), run.end(), [&](const TimeKey& a, const TimeKey& b) {
    if (a.id_prefix != b.id_prefix) return a.id_prefix < b.id_prefix;
    return corpus.IdOf(corpus.events()[a.index]) < corpus.IdOf(corpus.events()[b.index]);
  });
}

// Time order, ties broken by id (Corpus::ComesBefore). The times and id prefixes are sorted beside
// the indices so that comparing two events reads no event; runs of one instant are then put in id
// order (ids are unique, so the order is the same whatever sort put the ties side by side).
std::vector<uint32_t> EventsInOrder(const Corpus& corpus, Instant as_of) {
  const auto& events = corpus.events();
  std::vector<TimeKey> keys;
  ReserveHuge(keys, events.size());
  for (uint32_t i = 0; i < events.size(); ++i) {
    if (events[i].at <= as_of) keys.push_back({events[i].at, IdPrefix(corpus.IdOf(events[i])), i});
  }
  SortByTime(keys);
  for (size_t from = 0; from < keys.size();) {
    size_t to = from + 1;
    while (to < keys.size() && keys[to].at == keys[from].at) ++to;
    if (to - from > 1) SortTiesById(corpus, std::span<TimeKey>(keys).subspan(from, to - from));
    from = to;
  }
  std::vector<uint32_t> order;
  ReserveHuge(order, keys.size());
  for (const TimeKey& k : keys) order.push_back(k.index);
  return order;
}

// Who is one person does not depend on the order of the joins: the events are read as they lie.
IdentityJoin JoinHandles(const Corpus& corpus, Instant as_of) {
  IdentityJoin join(corpus.symbols().size());
  for (const Event& e : corpus.events()) {
    if (e.customer == kNoSymbol || e.at > as_of) continue;
    for (Symbol alias : e.aliases) join.Join(e.customer, alias);
  }
  return join;
}

// The person each conversation belongs to (by conversation symbol; kNoSymbol: none): that of its
// first event with a customer. The events are read in storage order; `rank` says which is first.
std::vector<Symbol> ConversationOwners(const Corpus& corpus, const std::vector<uint32_t>& rank,
                                       IdentityJoin& join) {
  std::vector<Symbol> owners = HugeFilled(corpus.symbols().size(), kNoSymbol);
  std::vector<uint32_t> owner_rank = HugeFilled(corpus.symbols().size(), uint32_t{UINT32_MAX});
  const auto& events = corpus.events();
  for (uint32_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.conversation == kNoSymbol || e.customer == kNoSymbol || rank[i] == UINT32_MAX) continue;
    if (rank[i] < owner_rank[e.conversation]) {
      owner_rank[e.conversation] = rank[i];
      owners[e.conversation] = join.PersonOf(e.customer);
    }
  }
  return owners;
}

// Every handle joined into the customer: those its events were written with and their aliases.
void CollectHandles(const Corpus& corpus, Timeline& t) {
  for (uint32_t i : t.events) {
    const Event& e = corpus.events()[i];
    if (e.customer == kNoSymbol) continue;
    t.handles.push_back(e.customer);
    t.handles.insert(t.handles.end(), e.aliases.begin(), e.aliases.end());
  }
  std::sort(t.handles.begin(), t.handles.end());
  t.handles.erase(std::unique(t.handles.begin(), t.handles.end()), t.handles.end());
}

// What one customer's threading remembers, by symbol: a table over every symbol (the audit threads
// many customers in a row and clears what it set) or, for one customer threaded alone (the live
// server), a hash map, so that one customer costs what its events cost.
class CaseIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;
  explicit CaseIndex(size_t dense_size) : dense_(HugeFilled(dense_size, kNone)) {}
  uint32_t Get(Symbol s) const {
    if (!dense_.empty()) return dense_[s];
    const auto it = sparse_.find(s);
    return it == sparse_.end() ? kNone : it->second;
  }
  void Set(Symbol s, uint32_t c) {
    if (dense_.empty()) {
      if (c == kNone) {
        sparse_.erase(s);
      } else {
        sparse_[s] = c;
      }
    } else {
      dense_[s] = c;
    }
  }

 private:
  std::vector<uint32_t> dense_;
  std::unordered_map<Symbol, uint32_t> sparse_;
};

// Threads customers' events into cases (see ThreadingPolicy), one customer after the other. What
// one customer's threading remembers (its cases by conversation and by event) lives in tables
// over all symbols and events, cleared again after each customer: no map per customer (unless
// `dense` is false: one customer alone).
class CaseThreader {
 public:
  CaseThreader(const Corpus& corpus, const ThreadingPolicy& policy, bool dense = true)
      : corpus_(corpus),
        policy_(policy),
        case_of_conversation_(dense ? corpus.symbols().size() : 0),
        case_of_event_(dense ? corpus.ids().size() : 0) {}

  void Thread(Timeline& t) {
    t_ = &t;
    loose_.reset();
    last_at_.clear();
    t.case_of.reserve(t.events.size());
    for (uint32_t i : t.events) {
      const uint32_t c = CaseFor(corpus_.events()[i]);
      t.case_of.push_back(c);
      t.cases[c].events.push_back(i);
      case_of_event_.Set(corpus_.events()[i].id, c);
      last_at_[c] = corpus_.events()[i].at;
    }
    for (uint32_t i : t.events) case_of_event_.Set(corpus_.events()[i].id, kNone);
    for (const Case& c : t.cases) {
      if (c.conversation != kNoSymbol) case_of_conversation_.Set(c.conversation, kNone);
    }
  }

 private:
  static constexpr uint32_t kNone = CaseIndex::kNone;

  uint32_t CaseFor(const Event& e) {
    if (e.conversation != kNoSymbol) {
      uint32_t known = case_of_conversation_.Get(e.conversation);
      if (known == kNone) {
        known = NewCase(e);
        case_of_conversation_.Set(e.conversation, known);
      }
      return known;
    }
    if (auto parent = ReplyParentCase(e)) return *parent;
    if (loose_ && e.at - last_at_[*loose_] <= policy_.inactivity_gap) return *loose_;
    loose_ = NewCase(e);
    return *loose_;
  }

  // The case of the event it replies to, when that is one of this customer's earlier events.
  std::optional<uint32_t> ReplyParentCase(const Event& e) const {
    if (e.in_reply_to == kNoSymbol) return std::nullopt;
    const Symbol parent = corpus_.ids().Find(corpus_.symbols().Name(e.in_reply_to));
    if (parent == kNoSymbol || case_of_event_.Get(parent) == kNone) return std::nullopt;
    return case_of_event_.Get(parent);
  }

  uint32_t NewCase(const Event& e) {
    Case c;
    c.conversation = e.conversation;
    c.first_event = static_cast<uint32_t>(&e - corpus_.events().data());
    t_->cases.push_back(std::move(c));
    last_at_.push_back(e.at);
    return static_cast<uint32_t>(t_->cases.size() - 1);
  }

  const Corpus& corpus_;
  const ThreadingPolicy& policy_;
  Timeline* t_ = nullptr;
  CaseIndex case_of_conversation_;  // by conversation symbol
  CaseIndex case_of_event_;         // by event id (Symbol in Corpus::ids())
  std::vector<Instant> last_at_;
  std::optional<uint32_t> loose_;
};

// Numbers cases c1, c2, … over the whole audit, by first event (time, then id: its rank; no two
// cases share a first event).
size_t NumberCases(const std::vector<uint32_t>& rank, std::vector<Timeline>& customers) {
  std::vector<std::pair<uint32_t, Case*>> all;
  for (auto& t : customers) {
    for (auto& c : t.cases) all.emplace_back(rank[c.first_event], &c);
  }
  RadixSort(all, [](const auto& ranked) { return ranked.first; });
  for (size_t n = 0; n < all.size(); ++n) all[n].second->number = static_cast<uint32_t>(n + 1);
  return all.size();
}

// What grouping needs of an event, read in storage order so that the walk in time order touches
// 8 bytes an event instead of the event.
struct Owner {
  Symbol person = kNoSymbol;    // kNoSymbol: no customer and no owned conversation
  Symbol customer = kNoSymbol;  // the handle it was written with, if any
};

std::vector<Owner> OwnersOfEvents(const Corpus& corpus, const std::vector<uint32_t>& rank,
                                  IdentityJoin& join) {
  const std::vector<Symbol> conversation_owner = ConversationOwners(corpus, rank, join);
  const auto& events = corpus.events();
  std::vector<Owner> owners = HugeFilled(events.size(), Owner{});
  for (uint32_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (rank[i] == UINT32_MAX) continue;
    if (e.customer != kNoSymbol) {
      owners[i] = {join.PersonOf(e.customer), e.customer};
    } else if (e.conversation != kNoSymbol) {
      owners[i].person = conversation_owner[e.conversation];
    }
  }
  return owners;
}

// Each customer's events in time order, customers in the order of their first event; the
// customer's handle is that of its first event written with one. Each customer's events are
// counted first, so that its list is allocated once.
std::vector<Timeline> GroupByCustomer(const Corpus& corpus, const std::vector<uint32_t>& order,
                                      const std::vector<uint32_t>& rank, IdentityJoin& join,
                                      uint64_t& unattached) {
  const std::vector<Owner> owners = OwnersOfEvents(corpus, rank, join);
  std::vector<uint32_t> sizes;         // by timeline
  std::vector<Symbol> first_customer;  // by timeline
  std::vector<uint32_t> timeline_of_person =
      HugeFilled(corpus.symbols().size(), uint32_t{UINT32_MAX});
  std::vector<uint32_t> timeline_at =
      HugeFilled(order.size(), uint32_t{UINT32_MAX});  // by place in `order`
  constexpr size_t kAhead = 16;  // the walk is random in `owners`: read it that far ahead
  for (size_t k = 0; k < order.size(); ++k) {
    if (k + kAhead < order.size()) __builtin_prefetch(&owners[order[k + kAhead]]);
    const Owner& owner = owners[order[k]];
    if (owner.person == kNoSymbol) {
      ++unattached;
      continue;
    }
    uint32_t& index = timeline_of_person[owner.person];
    if (index == UINT32_MAX) {
      index = static_cast<uint32_t>(sizes.size());
      sizes.push_back(0);
      first_customer.push_back(kNoSymbol);
    }
    timeline_at[k] = index;
    ++sizes[index];
    if (first_customer[index] == kNoSymbol) first_customer[index] = owner.customer;
  }
  std::vector<Timeline> customers(sizes.size());
  for (size_t c = 0; c < customers.size(); ++c) {
    customers[c].customer = first_customer[c];
    customers[c].events.reserve(sizes[c]);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    if (timeline_at[k] != UINT32_MAX) customers[timeline_at[k]].events.push_back(order[k]);
  }
  return customers;
}

// Handles and cases of every customer; customers are independent, so they are handed out in
// blocks to `threads` threads, each with its own threader.
void CompleteCustomers(const Corpus& corpus, const ThreadingPolicy& policy,
                       std::vector<Timeline>& customers, unsigned threads) {
  constexpr size_t kBlock = 256;
  std::atomic<size_t> next{0};
  auto work = [&] {
    CaseThreader threader(corpus, policy);
    for (size_t start = next.fetch_add(kBlock); start < customers.size();
         start = next.fetch_add(kBlock)) {
      const size_t end = std::min(start + kBlock, customers.size());
      for (size_t c = start; c < end; ++c) {
        CollectHandles(corpus, customers[c]);
        threader.Thread(customers[c]);
      }
    }
  };
  const size_t useful = std::max<size_t>(1, customers.size() / kBlock);
  const unsigned workers = static_cast<unsigned>(std::min<size_t>(std::max(threads, 1u), useful));
  RunInParallel(workers, [&](unsigned) { work(); });
}

}  // namespace

Timelines BuildTimelines(const Corpus& corpus, Instant as_of, const ThreadingPolicy& policy,
                         unsigned threads) {
  const std::vector<uint32_t> order = EventsInOrder(corpus, as_of);
  IdentityJoin join = JoinHandles(corpus, as_of);
  Timelines out;
  out.rank = HugeFilled(corpus.events().size(), uint32_t{UINT32_MAX});
  for (size_t k = 0; k < order.size(); ++k) out.rank[order[k]] = static_cast<uint32_t>(k);
  out.customers = GroupByCustomer(corpus, order, out.rank, join, out.unattached);
  CompleteCustomers(corpus, policy, out.customers, threads);
  out.case_count = NumberCases(out.rank, out.customers);
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

Timeline BuildCustomerTimeline(const Corpus& corpus, std::vector<uint32_t> events,
                               const ThreadingPolicy& policy) {
  std::sort(events.begin(), events.end(), [&](uint32_t a, uint32_t b) {
    return corpus.ComesBefore(corpus.events()[a], corpus.events()[b]);
  });
  Timeline t;
  t.events = std::move(events);
  for (uint32_t i : t.events) {
    if (corpus.events()[i].customer != kNoSymbol) {
      t.customer = corpus.events()[i].customer;
      break;
    }
  }
  CollectHandles(corpus, t);
  CaseThreader(corpus, policy, /*dense=*/false).Thread(t);
  for (size_t c = 0; c < t.cases.size(); ++c) t.cases[c].number = static_cast<uint32_t>(c + 1);
  return t;
}

Timeline RebuildCustomerTimeline(const Corpus& corpus, std::span<const uint32_t> events,
                                 std::span<const uint32_t> case_of) {
  Timeline t;
  t.events.assign(events.begin(), events.end());
  t.case_of.assign(case_of.begin(), case_of.end());
  for (uint32_t i : t.events) {
    if (corpus.events()[i].customer != kNoSymbol) {
      t.customer = corpus.events()[i].customer;
      break;
    }
  }
  CollectHandles(corpus, t);
  // As CaseThreader::NewCase opened them: in the order of their first events, each with that
  // event's conversation.
  for (size_t k = 0; k < t.events.size(); ++k) {
    const uint32_t c = t.case_of[k];
    if (c >= t.cases.size()) t.cases.resize(c + 1);
    Case& kase = t.cases[c];
    if (kase.events.empty()) {
      kase.number = c + 1;
      kase.conversation = corpus.events()[t.events[k]].conversation;
      kase.first_event = t.events[k];
    }
    kase.events.push_back(t.events[k]);
  }
  return t;
}

}  // namespace fiducia
