// One customer across channels: handles and aliases joined into one person (union-find), their
// events in time order, threaded into cases by the source's conversation id, else by reply links
// and gaps of inactivity.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "common/clock.h"
#include "model/corpus.h"

namespace fiducia {

struct ThreadingPolicy {
  // Events without a conversation id join the customer's open case while the gap since its last
  // event is at most this much calendar time.
  std::chrono::seconds inactivity_gap = std::chrono::hours(72);
};

struct Case {
  uint32_t number = 0;  // c1, c2, … numbered over the whole audit by first event
  Symbol conversation = kNoSymbol;
  uint32_t first_event = 0;      // index into Corpus::events()
  std::vector<uint32_t> events;  // indices into Corpus::events(), time order
};

struct Timeline {
  Symbol customer = kNoSymbol;    // the handle of the customer's first event
  std::vector<Symbol> handles;    // every handle joined into this customer, sorted
  std::vector<uint32_t> events;   // indices into Corpus::events(), time order
  std::vector<uint32_t> case_of;  // parallel to `events`: index into `cases`
  std::vector<Case> cases;
};

struct Timelines {
  std::vector<Timeline> customers;  // ordered by each customer's first event
  uint64_t unattached = 0;          // status/tag events whose conversation no message names
  size_t case_count = 0;
  // By event index: its place in the time order of the audit (Corpus::ComesBefore: time, then id),
  // so that later sorts compare numbers; UINT32_MAX for events after as_of.
  std::vector<uint32_t> rank;
};

// Where an event sits: its customer's timeline and its position in it.
struct EventPlace {
  uint32_t timeline = UINT32_MAX;  // UINT32_MAX: in no timeline (after as_of, or unattached)
  uint32_t position = 0;           // index into that Timeline's `events` and `case_of`
};
// One place per event of the corpus (`event_count` of them).
std::vector<EventPlace> PlaceEvents(const Timelines& timelines, size_t event_count);

// Builds every customer's timeline from the events at or before `as_of`, on up to `threads`
// threads (the same timelines whatever their number).
Timelines BuildTimelines(const Corpus& corpus, Instant as_of, const ThreadingPolicy& policy,
                         unsigned threads = 1);

// One customer's timeline alone (the live server judges one customer at a time): `events` are that
// customer's (any order; they are put in time order, ties by id), threaded into cases as
// BuildTimelines threads them; its cases are numbered 1, 2, … within the customer, where the audit
// numbers them over every customer.
Timeline BuildCustomerTimeline(const Corpus& corpus, std::vector<uint32_t> events,
                               const ThreadingPolicy& policy);

// The timeline BuildCustomerTimeline made, worked out again from what it decided: its `events` (in
// time order) and `case_of`. The customer, the handles and the cases (conversation, first event,
// events, numbered within the customer) follow from them; the live server keeps only these two
// arrays per customer.
Timeline RebuildCustomerTimeline(const Corpus& corpus, std::span<const uint32_t> events,
                                 std::span<const uint32_t> case_of);

}  // namespace fiducia
