// Long CPU work of a read (taking new events into a corpus, judging it) runs below the priority of
// the network threads, so that a page asking for the waiting list does not hold up the
// acknowledgement of posted events on a machine with few cores.
#pragma once

#include <functional>

namespace fiducia {

// The nice value of the work's thread (and of the threads it starts): lower priority.
inline constexpr int kLowPriorityNice = 10;

// Runs `work` on a thread of its own at kLowPriorityNice and waits for it. Where the priority
// cannot be changed the work runs all the same.
void RunAtLowPriority(const std::function<void()>& work);

// Lowers the calling thread to kLowPriorityNice, for good: the HTTP server's read workers and the
// background catch-up, so that posts' acknowledgements get the cores first.
void LowerThisThreadsPriority();

}  // namespace fiducia
