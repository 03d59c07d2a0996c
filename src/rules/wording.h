// The wording rules of one company message, from the cues the text pass found in it
// (../shared/spec/findings.md): apology_wording, blame_shifting, refusal_without_alternative,
// overcommitment; and what a customer's words say: reminder, threat, hostility, disservice.
#pragma once

#include <cstdint>

#include "model/event.h"

namespace fiducia {

// The company's own words to the customer: outbound messages and the summaries of calls an agent
// handled; not automatic messages, not internal notes.
inline bool AreCompanyWords(const Event& e) {
  if (!e.IsMessage() || e.is_auto || !e.has_text) return false;
  return e.direction == Direction::kOut || e.IsHandledCall();
}

// Asks forgiveness ("ci scusiamo") instead of owning the feeling ("mi dispiace").
inline bool BreaksApologyWording(uint32_t cues) { return (cues & kCueApology) != 0; }
// Puts the fault on a courier, supplier, system or colleague without owning it.
inline bool BreaksBlameShifting(uint32_t cues) {
  return (cues & kCueBlame) != 0 && (cues & kCueTakesResponsibility) == 0;
}
// Says no with no way forward in the same reply. Placing the request outside the terms ("not
// eligible for a refund", "fuori garanzia") is a no too; a remedy done in the same reply ("but
// I've refunded the £18 and added a voucher") and a promise to come back ("I'll ring you back
// before 1 with a time") are ways forward.
inline bool BreaksRefusalWithoutAlternative(uint32_t cues) {
  return (cues & (kCueRefusal | kCuePolicy)) != 0 &&
         (cues & (kCueAlternative | kCueCommitment | kCuePromise)) == 0;
}
// Guarantees what someone else decides.
inline bool BreaksOvercommitment(uint32_t cues) { return (cues & kCueOvercommitment) != 0; }

}  // namespace fiducia
