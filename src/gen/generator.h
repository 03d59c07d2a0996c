// A synthetic corpus of customer-service conversations at any size, for scale tests and for
// recall at scale: Italian and English customers on e-mail, WhatsApp, chat and the phone,
// deterministic by seed, with a defect of every rule of ../shared/spec/findings.md planted at known
// rates and labelled (rule, customer, anchor message id). Customers are made one at a time and
// handed to the outputs, so that memory does not grow with the corpus.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "gen/phrases.h"
#include "model/event.h"
#include "rules/finding.h"

namespace fiducia::gen {

inline constexpr size_t kRuleCount = std::size(kAllRules);

struct GenOptions {
  uint64_t messages = 1000;  // at least this many message events (a few more, whole conversations)
  uint64_t seed = 1;
  double defect_scale = 1.0;  // multiplies every defect rate (0: a clean corpus)
};

struct GenEvent {
  std::string id;
  EventType type = EventType::kMessage;
  Instant at;
  Channel channel = Channel::kEmail;
  Direction direction = Direction::kIn;
  bool is_auto = false;
  int32_t duration_s = -1;  // -1: not given
  std::string agent;
  std::string conversation;
  std::string in_reply_to;
  std::string text;
  std::vector<std::string> tags;
  std::vector<std::string> aliases;  // the customer's other handle, on its first event
  // The customer handle this event is written with: the phone number (WhatsApp, phone) or e-mail.
  bool by_phone = false;
};

struct GenCustomer {
  uint64_t index = 0;
  Lang lang = Lang::kIt;
  std::string name;  // "Giulia Rossi"
  std::string email;
  std::string phone;             // E.164
  std::vector<GenEvent> events;  // time order
  const std::string& HandleOf(const GenEvent& e) const { return e.by_phone ? phone : email; }
};

struct Label {
  Rule rule = Rule::kUnanswered;
  std::string customer;  // the handle of the customer's first event (the audit's customer)
  std::string anchor;    // the finding's messages[0]
};

// Where the corpus goes: every customer once, in generation order, then every label.
class GenOutput {
 public:
  virtual ~GenOutput() = default;
  virtual Status Customer(const GenCustomer& customer) = 0;
  virtual Status Planted(const Label&) { return Status::Ok(); }
  virtual Status Finish() { return Status::Ok(); }
};

struct GenSummary {
  uint64_t messages = 0;  // message events
  uint64_t events = 0;    // all events (messages, tags)
  uint64_t customers = 0;
  uint64_t conversations = 0;
  Instant first_day;  // 00:00 of the first day, Europe/Rome
  Instant as_of;      // the moment every label holds at: pass it to `fiducia audit --as-of`
  std::array<uint64_t, kRuleCount> planted{};
  std::string ToJson() const;
};

// Makes the corpus of `options` and hands it to every output, in the same order each run.
Result<GenSummary> Generate(const GenOptions& options, std::span<GenOutput* const> outputs);

}  // namespace fiducia::gen
