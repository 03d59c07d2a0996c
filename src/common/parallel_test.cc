#include "common/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <new>
#include <stdexcept>

namespace fiducia {
namespace {

TEST(RunInParallelTest, EveryPartRunsOnce) {
  std::atomic<unsigned> sum{0};
  RunInParallel(4, [&](unsigned part) { sum += part + 1; });
  EXPECT_EQ(sum, 1u + 2 + 3 + 4);
}

// A helper thread that ran out of memory used to end the process (std::terminate): the failure is
// thrown again on the calling thread, once every part has finished.
TEST(RunInParallelTest, AHelpersFailureIsThrownOnTheCallingThread) {
  std::atomic<unsigned> finished{0};
  EXPECT_THROW(RunInParallel(3,
                             [&](unsigned part) {
                               if (part == 2) throw std::bad_alloc();
                               ++finished;
                             }),
               std::bad_alloc);
  EXPECT_EQ(finished, 2u);
  EXPECT_THROW(RunInParallel(2,
                             [](unsigned part) {
                               if (part == 0) throw std::runtime_error("calling thread");
                             }),
               std::runtime_error);
}

}  // namespace
}  // namespace fiducia
