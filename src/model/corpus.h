// Every event of one audit, deduplicated by id, with the symbol tables their handles live in.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "common/huge_pages.h"
#include "model/event.h"
#include "model/fact.h"
#include "model/symbols.h"

namespace fiducia {

class Corpus {
 public:
  // Adds `event` under `id` unless an event with that id is already there (re-import is
  // idempotent: the first one seen is kept). Returns false for such a duplicate.
  // `text` is kept only when not empty (fiducia import keeps texts; audits do not).
  // `facts`: what the text states (company words only), kept beside the events.
  bool Add(std::string_view id, Event event, std::string_view text = {},
           std::span<const Fact> facts = {}) {
    return Add(HashedName{id, SymbolTable::HashOf(id)}, std::move(event), text, facts);
  }
  bool Add(HashedName id, Event event, std::string_view text = {},
           std::span<const Fact> facts = {});
  // Room for `more` events (and their ids) beyond those held, in huge pages where the system has
  // them, so that a large input does not make the event array grow by doubling (and hold both
  // copies while it does).
  void Reserve(size_t more) {
    ReserveHuge(events_, events_.size() + more);
    ids_.Reserve(ids_.size() + more);
  }

  // Frees the indexes that look names up (ids and symbols), for a corpus that will be read by
  // symbol only from now on: an audit once judged, before its reports are written. Adding events
  // rebuilds them.
  void DropIndexes() {
    ids_.DropIndex();
    symbols_.DropIndex();
  }

  SymbolTable& symbols() { return symbols_; }
  const SymbolTable& symbols() const { return symbols_; }
  const SymbolTable& ids() const { return ids_; }
  const std::vector<Event>& events() const { return events_; }
  size_t duplicates() const { return duplicates_; }
  std::string_view IdOf(const Event& e) const { return ids_.Name(e.id); }
  // The text kept for the event at `index` of events(); empty when none was kept.
  std::string_view TextOf(size_t index) const;
  std::span<const Fact> FactsOf(const Event& e) const {
    return std::span<const Fact>(facts_).subspan(e.first_fact, e.fact_count);
  }
  size_t fact_total() const { return facts_.size(); }

  // Time order; ties broken by id so that every run sees the same order.
  bool ComesBefore(const Event& a, const Event& b) const {
    if (a.at != b.at) return a.at < b.at;
    return IdOf(a) < IdOf(b);
  }

 private:
  SymbolTable symbols_;  // handles, agents, conversations, tags
  SymbolTable ids_;      // event ids: one per event
  std::vector<Event> events_;
  std::vector<Fact> facts_;
  std::vector<std::pair<uint32_t, std::string>> texts_;  // (event index, text), by index
  size_t duplicates_ = 0;
};

}  // namespace fiducia
