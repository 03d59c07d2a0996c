// Every event of one audit, deduplicated by id, with the symbol tables their handles live in.
#pragma once

#include <string_view>
#include <vector>

#include "model/event.h"
#include "model/symbols.h"

namespace fiducia {

class Corpus {
 public:
  // Adds `event` under `id` unless an event with that id is already there (re-import is
  // idempotent: the first one seen is kept). Returns false for such a duplicate.
  bool Add(std::string_view id, Event event);

  SymbolTable& symbols() { return symbols_; }
  const SymbolTable& symbols() const { return symbols_; }
  const SymbolTable& ids() const { return ids_; }
  const std::vector<Event>& events() const { return events_; }
  size_t duplicates() const { return duplicates_; }
  std::string_view IdOf(const Event& e) const { return ids_.Name(e.id); }

  // Time order; ties broken by id so that every run sees the same order.
  bool ComesBefore(const Event& a, const Event& b) const {
    if (a.at != b.at) return a.at < b.at;
    return IdOf(a) < IdOf(b);
  }

 private:
  SymbolTable symbols_;  // handles, agents, conversations, tags
  SymbolTable ids_;      // event ids: one per event
  std::vector<Event> events_;
  size_t duplicates_ = 0;
};

}  // namespace fiducia
