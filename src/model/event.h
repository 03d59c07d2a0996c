// The canonical event (../shared/spec/events.md) as fiducia keeps it in memory: compact, with the
// text already reduced to the cues the rules need, so that no message text outlives ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/symbol_list.h"
#include "model/symbols.h"

namespace fiducia {

enum class EventType : uint8_t { kMessage, kStatus, kTag };
enum class Channel : uint8_t { kEmail, kWhatsapp, kPhone, kChat, kSms, kSocial, kWeb, kOther };
enum class Direction : uint8_t { kIn, kOut, kNote };
enum class TicketStatus : uint8_t { kNone, kOpen, kPending, kSolved, kClosed };

inline constexpr int kChannelCount = 8;

std::string_view ToString(EventType t);
std::string_view ToString(Channel c);
std::string_view ToString(Direction d);
std::string_view ToString(TicketStatus s);
std::optional<EventType> ParseEventType(std::string_view s);
std::optional<Channel> ParseChannel(std::string_view s);
std::optional<Direction> ParseDirection(std::string_view s);
std::optional<TicketStatus> ParseTicketStatus(std::string_view s);

// The language a message is written in, as the text pass detected it.
enum class TextLanguage : uint8_t { kUnknown, kItalian, kEnglish, kOther };
std::string_view ToString(TextLanguage l);

// What the text pass found in a message; a bit set, so that the text itself can be dropped.
// The classes are those of data/lexicons/README.md.
enum Cue : uint32_t {
  kCueNone = 0,
  kCueReminder = 1u << 0,  // "sollecito", "c'è qualcuno?", "any update"
  kCueClosing = 1u << 1,   // "grazie mille", "ok, perfetto", an emoji alone: needs no answer
  kCueApology = 1u << 2,
  kCuePoliteness = 1u << 3,
  kCueEmpathy = 1u << 4,
  kCueResponsibility = 1u << 5,
  kCueCommitment = 1u << 6,
  kCueBlame = 1u << 7,
  kCueRefusal = 1u << 8,
  kCueIdiom = 1u << 9,
  kCueAlternative = 1u << 10,
  kCuePromise = 1u << 11,
  kCueExpectation = 1u << 12,
  kCueOvercommitment = 1u << 13,
  kCueThreat = 1u << 14,
  kCueHostility = 1u << 15,
  kCueDisservice = 1u << 16,
  kCueApproved = 1u << 17,
  kCueRefused = 1u << 18,
  kCueCorrection = 1u << 19,
  kCueDemand = 1u << 20,  // a customer asks more than anyone is owed ("pretendo", "for free")
  kCuePolicy = 1u << 21,  // the company says a request lies outside the terms ("non è previsto")
  // The words of a customer's dialogue act (see Act): what each class alone says; the act weighs
  // them together.
  kCueAcknowledgement = 1u << 22,  // doing what the company asked ("lo faccio stasera", "DM sent")
  kCueSettled = 1u << 23,   // a thanks or the matter settled ("grazie", "funziona", "works now")
  kCueReaction = 1u << 24,  // laughter, "vabbè", "wow": a reaction, no words to the company
  kCueNeed = 1u << 25,  // words that keep any message a request ("ma", "but", "still", "vorrei")
  // A customer unhappy with nothing failed: a price, a policy, a wait they dislike, an opinion
  // ("troppo caro", "not fair", "disappointed"): the case is no_disservice unless something failed.
  kCueDissatisfaction = 1u << 26,
  // An outcome the customer expected ("arrivato", "funziona", "refunded"): read only through a
  // negation before it ("non è ancora arrivato", "still hasn't been refunded"), which makes it a
  // disservice; never kept as a cue of its own.
  kCueOutcome = 1u << 27,
  // A present-tense send of something to the customer ("le invio il link", "le mando la pagina"):
  // the answer itself, no expectation; a promise only when a time points it forward ("domani le
  // mando l'esito"). Read with the facts, never kept as a cue of its own.
  kCueSend = 1u << 28,
  // Taking it on with no fault said: agreeing with the customer ("ha ragione", "you're right"),
  // taking charge ("ce ne occupiamo noi", "we'll deal with them", "on our end"), a slip in the
  // conversation itself ("we missed your message"). It takes responsibility in a repair and keeps
  // a blame from shifting it, but unlike an owned fault it says nothing failed in the service.
  kCueOwnership = 1u << 29,
  // A word for a fault ("errore", "svista", "mancanza", "mistake", "failure"): read only next to a
  // possessive of the speaker's side ("l'errore è stato nostro", "una svista mia", "our packing at
  // fault", "the mistake is ours"), which makes it responsibility; never kept as a cue of its own.
  kCueFault = 1u << 30,
  // A remedy verb ("refunded", "unblocked", "fixed", "rimborsato", "sbloccato", "riattivato"):
  // read only as a step of the speaker's own side ("I've unblocked it", "we'll refund you",
  // "our engineers have fixed", "le abbiamo accreditato", "glielo sostituiamo"), which makes it a
  // commitment; never kept as a cue of its own.
  kCueRemedy = 1u << 31,
};
inline constexpr int kCueClassCount = 32;
// Words that take responsibility: an owned fault, or ownership with no fault said.
inline constexpr uint32_t kCueTakesResponsibility = kCueResponsibility | kCueOwnership;
// "apology", "closing", …: the class names of the cue lists; nullopt for an unknown name.
std::optional<Cue> ParseCue(std::string_view name);
std::string_view ToString(Cue c);

// What a customer's message does (../shared/spec/findings.md, Request): it needs an answer, or it
// does not, and why. Decided by the text pass (closing, acknowledgement, reaction) and by readers
// that know who a public post is addressed to (not addressed).
enum class Act : uint8_t { kNeedsAnswer, kClosing, kAcknowledgement, kReaction, kNotAddressed };
// "closing", "acknowledgement", "reaction", "not_addressed"; "" for kNeedsAnswer.
std::string_view ToString(Act a);

// Laid out for size (72 bytes): a corpus holds one per event, tens of millions of them.
struct Event {
  Instant at;
  Symbol id = kNoSymbol;  // in Corpus::ids()
  uint32_t cues = kCueNone;
  int32_t duration_s = -1;      // -1: not given
  uint32_t first_fact = 0;      // the facts its text states: Corpus::FactsOf
  Symbol customer = kNoSymbol;  // normalised handle
  Symbol agent = kNoSymbol;
  Symbol conversation = kNoSymbol;
  Symbol in_reply_to = kNoSymbol;
  int16_t offset_minutes =
      0;  // the UTC offset `at` was written with, to write it back the same way
  uint16_t fact_count = 0;
  EventType type = EventType::kMessage;
  Channel channel = Channel::kOther;
  Direction direction = Direction::kIn;
  TicketStatus status = TicketStatus::kNone;
  bool is_auto = false;
  bool has_text = false;
  TextLanguage language = TextLanguage::kUnknown;
  Act act = Act::kNeedsAnswer;  // a customer's message; in the padding before aliases
  SymbolList aliases;           // normalised handles
  SymbolList tags;

  bool IsMessage() const { return type == EventType::kMessage; }
  bool Has(Cue c) const { return (cues & c) != 0; }
  // An inbound phone call that no agent took: it waits for a call back.
  bool IsMissedCall() const;
  // An inbound phone call an agent handled (agent named, duration not 0; an unknown duration counts
  // as taken): a request and its answer at once.
  bool IsHandledCall() const;
  // Words the company said (an outbound message, a note, the summary of a call an agent took):
  // the ones whose facts fiducia reads.
  bool SpeaksForCompany() const { return direction != Direction::kIn || IsHandledCall(); }
};

}  // namespace fiducia
