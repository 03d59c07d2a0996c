// Time behind one interface: SystemClock is the only code in fiducia that reads the real clock;
// tests drive a FakeClock.
#pragma once

#include <chrono>

namespace fiducia {

// An instant on the UTC time line, to the millisecond (sources give at most that).
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
  // Monotonic time for measuring how long work took.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void Advance(std::chrono::milliseconds by) { now_ += by; }

 private:
  Instant now_;
};

}  // namespace fiducia
