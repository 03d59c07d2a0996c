#include "ingest/event_writer.h"

#include "common/json_writer.h"
#include "common/time_text.h"

namespace fiducia {
namespace {

void OptionalSymbol(JsonWriter& w, const Corpus& c, std::string_view key, Symbol s) {
  if (s != kNoSymbol) w.Key(key).String(c.symbols().Name(s));
}

void Symbols(JsonWriter& w, const Corpus& c, std::string_view key, std::span<const Symbol> s) {
  if (s.empty()) return;
  w.Key(key).BeginArray();
  for (Symbol x : s) w.String(c.symbols().Name(x));
  w.EndArray();
}

void MessageFields(JsonWriter& w, const Corpus& c, const Event& e, std::string_view text) {
  w.Key("channel").String(ToString(e.channel));
  w.Key("direction").String(ToString(e.direction));
  OptionalSymbol(w, c, "customer", e.customer);
  Symbols(w, c, "customer_aliases", e.aliases);
  OptionalSymbol(w, c, "agent", e.agent);
  OptionalSymbol(w, c, "conversation", e.conversation);
  OptionalSymbol(w, c, "in_reply_to", e.in_reply_to);
  if (!text.empty()) w.Key("text").String(text);
  if (e.is_auto) w.Key("auto").Bool(true);
  if (e.duration_s >= 0) w.Key("duration_s").Int(e.duration_s);
}

}  // namespace

std::string CanonicalJsonLine(const Corpus& corpus, size_t index) {
  const Event& e = corpus.events()[index];
  JsonWriter w(false);
  w.BeginObject().Key("id").String(corpus.IdOf(e));
  if (e.type != EventType::kMessage) w.Key("type").String(ToString(e.type));
  w.Key("at").String(FormatRfc3339(e.at, std::chrono::minutes(e.offset_minutes)));
  if (e.IsMessage()) {
    MessageFields(w, corpus, e, corpus.TextOf(index));
  } else {
    OptionalSymbol(w, corpus, "customer", e.customer);
    OptionalSymbol(w, corpus, "conversation", e.conversation);
  }
  if (e.status != TicketStatus::kNone) w.Key("status").String(ToString(e.status));
  Symbols(w, corpus, "tags", e.tags);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace fiducia
