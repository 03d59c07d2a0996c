// The words of the generated conversations: Italian and English messages, written the way
// customers and agents write them, each kind either clean (no cue any rule reacts to) or carrying
// exactly the cue of the defect it plants. gen_test checks every phrase with the real text pass.
// Placeholders: {N} the customer's first name, {O} an order or ticket number, {P} a product,
// {A} an amount in euro or pounds.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace fiducia::gen {

enum class Lang : uint8_t { kIt, kEn };

enum class Kind : uint8_t {
  kRequest,           // a customer's first message: asks for something, no cue
  kDisservice,        // a customer's first message reporting a failure (disservice cue)
  kFollowUp,          // a customer's second question after an answer, no cue
  kClosing,           // thanks, ok: needs no answer (closing cue)
  kReminder,          // a chase on the same channel (reminder cue)
  kHopReminder,       // a chase on another channel (reminder cue)
  kThreat,            // leaving or a formal complaint (threat cue)
  kReply,             // an agent's answer with no cue a rule reacts to
  kReplyRepaired,     // after a disservice: empathy, responsibility and a commitment
  kReplyEmpathyOnly,  // after a disservice: empathy only (trust_repair_incomplete)
  kApology,           // asks forgiveness (apology_wording)
  kBlame,             // puts the fault on a third party (blame_shifting)
  kRefusal,           // a no with no way forward (refusal_without_alternative)
  kOvercommit,        // guarantees what someone else decides (overcommitment)
  kExpectation,       // "I'll check and let you know" (silent_no when nothing follows)
  kPromise,           // "I'll call you back tomorrow morning" (broken_promise)
  kFactFirst,         // a stated timeline: the first of two discordant answers
  kFactSecond,        // the same subject with another value (discordant_answers)
  kAck,               // an automatic acknowledgement (auto)
  kNote,              // an internal note
  kCallSummary,       // an agent's summary of a calm call
  kHostileCall,       // an agent's summary of a call with a hostile customer (agent_strain)
};
inline constexpr int kKindCount = static_cast<int>(Kind::kHostileCall) + 1;

std::span<const std::string_view> Phrases(Lang lang, Kind kind);
std::string_view KindName(Kind kind);

// Names, surnames and products to fill the placeholders with.
std::span<const std::string_view> FirstNames(Lang lang);
std::span<const std::string_view> Surnames(Lang lang);
std::span<const std::string_view> Products(Lang lang);
std::span<const std::string_view> AgentNames(Lang lang);

}  // namespace fiducia::gen
