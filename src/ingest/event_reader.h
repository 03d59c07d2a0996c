// One canonical event (../shared/spec/events.md) from one JSON line: every field checked against
// the contract, handles normalised, the text handed on for IngestSink::Add to analyse. The first
// problem found is returned as a message that names the field, e.g. `missing required field "at"`.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "common/input_limits.h"
#include "common/status.h"
#include "model/event.h"
#include "model/symbols.h"

namespace fiducia {

// A line read and checked, its strings not yet interned: the part of reading that needs no symbol
// table, so that any thread can do it. Views valid until the reader's next Parse or Read.
struct ParsedEvent {
  std::string_view id, text;
  std::string_view customer;  // normalised; empty when not given
  std::string_view agent, conversation, in_reply_to;
  std::vector<std::string_view> aliases;  // normalised
  std::vector<std::string_view> tags;
  Event event;  // its symbols not set
  // SymbolTable::HashOf of id, customer, agent, conversation and in_reply_to (that order), when
  // the thread that parsed the line worked them out (CanonicalPipeline's workers do); else those
  // who intern the names hash them.
  std::array<uint32_t, 5> hashes{};
  bool hashed = false;

  std::array<std::string_view, 5> InternedNames() const {
    return {id, customer, agent, conversation, in_reply_to};
  }
  HashedName Name(size_t i) const {
    const std::string_view name = InternedNames()[i];
    return {name, hashed ? hashes[i] : SymbolTable::HashOf(name)};
  }
};

// The event of `parsed` with its strings interned in `symbols` (id not set).
Event InternEvent(const ParsedEvent& parsed, SymbolTable& symbols);

struct EventRecord {
  std::string_view id;    // valid until the reader's next Read
  std::string_view text;  // the same; IngestSink::Add analyses it
  Event event;            // its strings interned in the SymbolTable given to Read; id not yet set
};

class EventReader {
 public:
  // `default_region` (ISO 3166, "IT") is for phone numbers written without a country code.
  // Events dated outside `limits`' window are bad records.
  explicit EventReader(std::string default_region = "IT", InputLimits limits = {});
  ~EventReader();
  EventReader(const EventReader&) = delete;
  EventReader& operator=(const EventReader&) = delete;

  // Parses `line` in place: `capacity` bytes from line.data() must be readable, at least
  // line.size() + kLinePadding (byte_source.h), as LineReader's lines are.
  Result<EventRecord> ReadPadded(std::string_view line, size_t capacity, SymbolTable& symbols);

  // The same, without interning (see ParsedEvent).
  Result<const ParsedEvent*> ParsePadded(std::string_view line, size_t capacity);

  // Any line: copied into a reused padded buffer first.
  Result<EventRecord> Read(std::string_view line, SymbolTable& symbols);
  // The same, without interning: whether the line is a valid event, and its id.
  Result<const ParsedEvent*> Parse(std::string_view line);

 private:
  struct Workspace;  // simdjson's parser and buffers reused from line to line, kept out of here
  std::unique_ptr<Workspace> workspace_;
};

}  // namespace fiducia
