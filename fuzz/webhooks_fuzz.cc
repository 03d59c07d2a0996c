// Any bytes as a webhook body of each source fiducia serve takes (WhatsApp Cloud API JSON, a
// Twilio form, a Zendesk trigger or API body): nothing may crash, hang or read out of bounds, and
// every event that comes out is one JSON object with an id.
#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/event_reader.h"
#include "model/symbols.h"
#include "server/signatures.h"
#include "server/webhooks.h"

namespace {

void CheckEvents(const fiducia::Result<fiducia::WebhookEvents>& out) {
  if (!out.ok()) return;
  fiducia::SymbolTable symbols;
  fiducia::EventReader reader;
  simdjson::dom::parser parser;
  for (const std::string& line : out->events) {
    // An adapter may pass on a handle the canonical reader refuses (the store then names it), but
    // always one JSON object with an id.
    std::string_view id;
    if (parser.parse(line)["id"].get_string().get(id) != simdjson::SUCCESS || id.empty()) {
      __builtin_trap();
    }
    (void)reader.Read(line, symbols);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fiducia::Instant now{std::chrono::seconds(1772438400)};
  CheckEvents(fiducia::WhatsappCloudEvents(bytes));
  const fiducia::FormParams form = fiducia::ParseForm(bytes);
  CheckEvents(fiducia::TwilioEvents(form, now));
  (void)fiducia::TwilioSignature("token", "https://x.example/t", form);
  CheckEvents(fiducia::ZendeskEvents(bytes, fiducia::SourceSettings{}, "IT", now));
  (void)fiducia::WhatsappSignatureValid("secret", bytes, bytes);
  return 0;
}
