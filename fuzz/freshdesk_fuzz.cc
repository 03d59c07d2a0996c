// Any bytes as a Freshdesk export file: the helpdesk target (helpdesk_fuzz.h) with the Freshdesk
// reader, its first page conversations (they wait for their ticket).
#include "helpdesk_fuzz.h"
#include "sources/freshdesk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fiducia::fuzz::FuzzHelpdeskExport(data, size, fiducia::MakeFreshdeskSourceReader,
                                           "conversations.json");
}
