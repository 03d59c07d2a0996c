#include "server/low_priority.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace fiducia {

void LowerThisThreadsPriority() {
  // A thread's nice value is its own on Linux; the threads it starts inherit it.
  const auto self = static_cast<id_t>(gettid());
  const int now = getpriority(PRIO_PROCESS, self);
  (void)setpriority(PRIO_PROCESS, self, std::max(now, kLowPriorityNice));
}

void RunAtLowPriority(const std::function<void()>& work) {
  std::thread worker([&work] {
    LowerThisThreadsPriority();
    work();
  });
  worker.join();
}

}  // namespace fiducia
