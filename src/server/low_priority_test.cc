#include "server/low_priority.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <thread>

namespace fiducia {
namespace {

int NiceOfThisThread() { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); }

TEST(LowPriorityTest, TheWorkRunsBelowTheCallersPriorityAndTheCallerKeepsItsOwn) {
  const int caller = NiceOfThisThread();
  int inside = -100, started = -100;
  bool ran = false;
  RunAtLowPriority([&] {
    ran = true;
    inside = NiceOfThisThread();
    std::thread([&] { started = NiceOfThisThread(); }).join();  // inherited
  });
  EXPECT_TRUE(ran);
  EXPECT_GE(inside, kLowPriorityNice);
  EXPECT_GE(inside, caller);
  EXPECT_EQ(started, inside);
  EXPECT_EQ(NiceOfThisThread(), caller);
}

}  // namespace
}  // namespace fiducia
