#include "server/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace fiducia {
namespace {

const std::string kOverflow = "\x01overflow";

}  // namespace

RateLimiter::RateLimiter(double per_second, double burst, size_t max_keys)
    : per_second_(per_second), burst_(std::max(1.0, burst)), max_keys_(max_keys) {}

void RateLimiter::Refill(Bucket& bucket, Time now) const {
  if (now <= bucket.last) return;
  const double elapsed = std::chrono::duration<double>(now - bucket.last).count();
  bucket.tokens = std::min(burst_, bucket.tokens + elapsed * per_second_);
  bucket.last = now;
}

std::optional<std::chrono::milliseconds> RateLimiter::Take(const std::string& key, Time now) {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mu_);
  if (buckets_.size() >= max_keys_ && !buckets_.count(key)) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      Refill(it->second, now);
      it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }
  // Still full (many keys, all busy): the new ones share one bucket, so memory stays bounded.
  const std::string& kept = buckets_.size() >= max_keys_ && !buckets_.count(key) ? kOverflow : key;
  auto [it, added] = buckets_.try_emplace(kept, Bucket{burst_, now});
  Bucket& bucket = it->second;
  Refill(bucket, now);
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = (1.0 - bucket.tokens) / per_second_;
  return std::chrono::milliseconds(static_cast<int64_t>(std::ceil(wait * 1000.0)));
}

size_t RateLimiter::keys() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace fiducia
