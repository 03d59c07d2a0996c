// The REASONABLE/POSSIBLE grid (../shared/spec/findings.md, case classes): each customer request
// classed from people's `request:` tags first, else from the words — possible unless the
// company's answer refused it, reasonable unless the customer demanded more than is owed
// ("pretendo", "for free") or the answer placed it outside the terms ("fuori garanzia") — with
// the handling effort spent on it: agent messages and phone time until the next request.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/corpus.h"
#include "rules/timing.h"
#include "timeline/timeline.h"

namespace fiducia {

enum class GridClass : uint8_t {
  kUnknown,  // not classified yet: ClassifyRequests gives every request one of the four
  kReasonablePossible,
  kReasonableImpossible,
  kUnreasonablePossible,
  kUnreasonableImpossible,
};
inline constexpr GridClass kGridCells[] = {
    GridClass::kReasonablePossible, GridClass::kReasonableImpossible,
    GridClass::kUnreasonablePossible, GridClass::kUnreasonableImpossible};
std::string_view ToString(GridClass c);  // "reasonable-possible", …; "" for kUnknown

struct RequestGrid {
  uint32_t anchor = 0;  // the request's first message, index into Corpus::events()
  uint32_t timeline = 0;
  GridClass grid = GridClass::kUnknown;
  bool from_tags = false;
  uint32_t agent_messages = 0;  // outbound non-automatic messages until the next request
  uint32_t phone_seconds = 0;   // calls handled until the next request
};

// One entry per request, in the order of `requests`, each with one of the four cells (never
// kUnknown); the requests are shared out among `threads`.
std::vector<RequestGrid> ClassifyRequests(const Corpus& corpus, const Timelines& timelines,
                                          const std::vector<RequestOutcome>& requests,
                                          unsigned threads = 1);

// The company account a customer belongs to: the domain of an e-mail handle unless it is a
// consumer mail provider (gmail.com, libero.it…), a view into the corpus's symbols; empty when
// none.
std::string_view AccountOf(const Corpus& corpus, const Timeline& timeline);

}  // namespace fiducia
