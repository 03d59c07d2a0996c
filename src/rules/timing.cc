#include "rules/timing.h"

#include <optional>

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// A request waiting for its answer: anchored at its first message, timed by that message's target.
struct WaitingRequest {
  uint32_t anchor = 0;
  uint32_t case_number = 0;
  Channel channel = Channel::kOther;
  seconds target{0};
  std::vector<uint32_t> messages;
};

class TimingJudge {
 public:
  TimingJudge(const TimingContext& ctx, uint32_t timeline_index)
      : ctx_(ctx), timeline_index_(timeline_index) {}

  TimingResult Judge(const Timeline& t) {
    for (size_t p = 0; p < t.events.size(); ++p) {
      OnEvent(t.events[p], t.cases[t.case_of[p]].number);
    }
    if (waiting_) StillWaiting();
    return std::move(result_);
  }

 private:
  const Event& At(uint32_t i) const { return ctx_.corpus.events()[i]; }

  seconds BusinessWait(Instant from, Instant to) const {
    return std::chrono::duration_cast<seconds>(ctx_.calendar.BusinessTime(from, to));
  }

  void OnEvent(uint32_t i, uint32_t case_number) {
    const Event& e = At(i);
    if (!e.IsMessage() || e.is_auto || e.direction == Direction::kNote) return;
    if (e.direction == Direction::kOut) {
      // An outbound call of 0 seconds reached nobody: it answers nothing.
      if (!(e.channel == Channel::kPhone && e.duration_s == 0)) Answer(i);
      return;
    }
    if (e.IsHandledCall()) {
      // A call an agent took answers what waits; when its summary says the customer rang to chase
      // it ("sorry she's had to chase it", "chiama per sollecitare la risposta") at least a chaser
      // gap after the request, it is that chaser first. Both are asked: a summary's reminder word
      // may be the agent's own step ("ho sollecitato il corriere").
      if (waiting_ && e.Has(kCueReminder)) {
        const seconds gap = BusinessWait(At(waiting_->anchor).at, e.at);
        if (gap >= ctx_.policy.chaser_min_gap) Chases(i, case_number, gap);
      }
      return Answer(i);
    }
    if (NeedsNoAnswer(e)) return;  // never a call, missed or taken
    CustomerSpeaks(i, case_number, RequestTarget(ctx_.policy, e));
  }

  void CustomerSpeaks(uint32_t i, uint32_t case_number, seconds target) {
    if (!waiting_) {
      waiting_ = WaitingRequest{i, case_number, At(i).channel, target, {i}};
      return;
    }
    waiting_->messages.push_back(i);
    const seconds gap = BusinessWait(At(waiting_->anchor).at, At(i).at);
    if (gap < ctx_.policy.chaser_min_gap && !At(i).Has(kCueReminder)) return;
    Chases(i, case_number, gap);
  }

  // The customer chases the waiting request with message i, gap business time after its anchor.
  void Chases(uint32_t i, uint32_t case_number, seconds gap) {
    Add(Rule::kChaser, case_number, {i, waiting_->anchor}, gap);
    if (At(i).channel != waiting_->channel) {
      Add(Rule::kChannelHop, case_number, {i, waiting_->anchor}, gap);
    }
  }

  void Answer(uint32_t i) {
    if (!waiting_) return;
    const seconds wait = BusinessWait(At(waiting_->anchor).at, At(i).at);
    Record(wait, true);
    if (wait > waiting_->target) {
      Add(Rule::kLateReply, waiting_->case_number, {waiting_->anchor, i}, wait);
    }
    waiting_.reset();
  }

  void StillWaiting() {
    const seconds wait = BusinessWait(At(waiting_->anchor).at, ctx_.as_of);
    Record(wait, false);
    if (wait <= waiting_->target) return;
    Add(Rule::kUnanswered, waiting_->case_number, waiting_->messages, wait);
  }

  void Record(seconds wait, bool answered) {
    RequestOutcome& r = result_.requests.emplace_back();
    r.anchor = waiting_->anchor;
    r.case_number = waiting_->case_number;
    r.channel = waiting_->channel;
    r.answered = answered;
    r.within_target = wait <= waiting_->target;
    r.target = std::chrono::duration_cast<std::chrono::duration<int32_t>>(waiting_->target);
    r.wait = wait;
  }

  void Add(Rule rule, uint32_t case_number, std::vector<uint32_t> messages, seconds wait) {
    Finding f;
    f.rule = rule;
    f.timeline = timeline_index_;
    f.case_number = case_number;
    f.messages = std::move(messages);
    f.business_time = wait;
    f.channel = waiting_->channel;
    f.target = waiting_->target;
    f.severity = SeverityOf(f);
    result_.findings.push_back(std::move(f));
  }

  const TimingContext& ctx_;
  uint32_t timeline_index_;
  std::optional<WaitingRequest> waiting_;
  TimingResult result_;
};

}  // namespace

TimingPolicy TimingPolicy::Defaults() {
  TimingPolicy p;
  auto set = [&p](Channel c, seconds s) { p.reply_target[static_cast<size_t>(c)] = s; };
  set(Channel::kEmail, hours(8));
  set(Channel::kWeb, hours(8));
  set(Channel::kOther, hours(8));
  set(Channel::kWhatsapp, hours(2));
  set(Channel::kSms, hours(2));
  set(Channel::kSocial, hours(2));
  set(Channel::kChat, minutes(15));
  set(Channel::kPhone, hours(4));
  return p;
}

TimingResult JudgeTiming(const TimingContext& ctx, const Timeline& timeline,
                         uint32_t timeline_index) {
  return TimingJudge(ctx, timeline_index).Judge(timeline);
}

}  // namespace fiducia
