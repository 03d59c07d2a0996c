// What people's tags say about a case: its complaint class and the REASONABLE/POSSIBLE class of
// each request ("complaint:disservice", "request:unreasonable-possible").
#pragma once

#include <optional>
#include <string_view>

#include "model/corpus.h"
#include "timeline/timeline.h"

namespace fiducia {

// "disservice" or "no_disservice" from a `complaint:` tag on any of the case's events.
std::optional<std::string_view> ComplaintFromTags(const Corpus& corpus, const Case& c);
// People's tags first; else the whole case: something failed when the customer says so ("non
// funziona", "never arrived") or the company's words admit it (a fault owned: "errore nostro",
// "that's on us"; a fault placed on a courier, supplier or system, unless the customer only
// disliked a price or a policy): disservice. Unhappy with nothing failed (a threat, hostility,
// dissatisfaction) is no_disservice; else the case is no complaint (nullopt).
std::optional<std::string_view> ComplaintOf(const Corpus& corpus, const Case& c);
// The request class from a `request:` tag on the request's own message, else on a tag event of
// its case: RequestClassOfMessage, else RequestClassOfCase.
std::optional<std::string_view> RequestClassFromTags(const Corpus& corpus, const Case& c,
                                                     uint32_t request_anchor);
std::optional<std::string_view> RequestClassOfMessage(const Corpus& corpus, uint32_t event);
// From the first tag event of the case that has a `request:` tag; the same for every request of
// the case, so callers with many requests per case may remember it.
std::optional<std::string_view> RequestClassOfCase(const Corpus& corpus, const Case& c);

}  // namespace fiducia
