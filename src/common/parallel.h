// Work shared between the calling thread and helper threads. An exception thrown on a helper
// (std::bad_alloc above all, when an input is larger than the machine) would end the process; here
// it is carried to the calling thread and thrown again there, after every helper has finished, so
// that the command reports it like any other error.
#pragma once

#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace fiducia {

// Calls work(0) on this thread and work(1) … work(parts - 1) on helper threads; returns when all
// are done. The first exception any of them threw is thrown again here.
template <typename Work>
void RunInParallel(unsigned parts, Work&& work) {
  std::exception_ptr failure;
  std::mutex failure_mu;
  auto guarded = [&](unsigned part) {
    try {
      work(part);
    } catch (...) {
      std::lock_guard lock(failure_mu);
      if (!failure) failure = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(parts > 1 ? parts - 1 : 0);
    for (unsigned part = 1; part < parts; ++part) helpers.emplace_back(guarded, part);
    guarded(0);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace fiducia
