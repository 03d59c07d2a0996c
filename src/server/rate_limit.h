// A token bucket per key (an API token, or a client address): `burst` requests at once, refilled
// at `per_second`. Time comes from the caller (the Clock's steady time), so tests drive it.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace fiducia {

class RateLimiter {
 public:
  using Time = std::chrono::steady_clock::time_point;
  // per_second 0: no limit. At most `max_keys` buckets are kept; past that, the full ones (keys
  // quiet long enough to have refilled) are forgotten, which changes nothing for them.
  RateLimiter(double per_second, double burst, size_t max_keys = 100000);

  // nullopt: go on (one token taken). Else how long until a token is there: Retry-After.
  std::optional<std::chrono::milliseconds> Take(const std::string& key, Time now);
  bool enabled() const { return per_second_ > 0; }
  size_t keys() const;

 private:
  struct Bucket {
    double tokens;
    Time last;
  };
  void Refill(Bucket& bucket, Time now) const;

  double per_second_, burst_;
  size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace fiducia
