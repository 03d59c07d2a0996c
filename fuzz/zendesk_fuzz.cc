// Any bytes as a Zendesk export file: the helpdesk target (helpdesk_fuzz.h) with the Zendesk
// reader, its first page a ticket's comments (they wait for their ticket).
#include "helpdesk_fuzz.h"
#include "sources/zendesk.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return fiducia::fuzz::FuzzHelpdeskExport(data, size, fiducia::MakeZendeskSourceReader,
                                           "ticket-7-comments.json");
}
