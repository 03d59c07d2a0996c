#include "server/rate_limit.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiterTest, ABurstThenTheSustainedRate) {
  RateLimiter limiter(2.0, 3.0);  // 2 a second, 3 at once
  RateLimiter::Time t{};
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", t)) << i;
  const auto wait = limiter.Take("a", t);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, milliseconds(500));  // one token comes back in half a second
  EXPECT_TRUE(limiter.Take("a", t + milliseconds(499)));
  EXPECT_FALSE(limiter.Take("a", t + milliseconds(500)));
  EXPECT_TRUE(limiter.Take("a", t + milliseconds(500)));
  // Another key has its own bucket.
  EXPECT_FALSE(limiter.Take("b", t));
  // A long quiet spell refills up to the burst, not beyond.
  const auto later = t + std::chrono::seconds(60);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", later)) << i;
  EXPECT_TRUE(limiter.Take("a", later));
}

TEST(RateLimiterTest, ZeroRateIsNoLimit) {
  RateLimiter limiter(0, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_FALSE(limiter.Take("a", RateLimiter::Time{}));
}

TEST(RateLimiterTest, MemoryStaysBoundedWhateverTheKeys) {
  RateLimiter limiter(1.0, 1.0, 10);
  RateLimiter::Time t{};
  for (int i = 0; i < 100; ++i) (void)limiter.Take("k" + std::to_string(i), t);
  EXPECT_LE(limiter.keys(), 11u);  // ten, and the one bucket the rest share
  // The rest shared one bucket: a new key while all are busy is limited at once.
  EXPECT_TRUE(limiter.Take("new", t));
  // Once the old buckets have refilled they are forgotten and new keys get their own.
  EXPECT_FALSE(limiter.Take("newer", t + std::chrono::seconds(5)));
}

}  // namespace
}  // namespace fiducia
