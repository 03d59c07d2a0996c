// The progress line of a long audit, on standard error: bytes read of the inputs' total, the rate
// and the time left, redrawn in place while the inputs are read.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/clock.h"
#include "report/language.h"

namespace fiducia {

// "41.9 MB of 120.0 MB read · 20.9 MB/s · 4 s left" (in Italian with `lang` it).
std::string ProgressText(uint64_t done, uint64_t total, std::chrono::duration<double> elapsed,
                         Lang lang);

// The size of every regular file under `inputs` (directories walked), before decompression.
uint64_t InputBytes(const std::vector<std::string>& inputs);

class ProgressLine {
 public:
  // Redraws every 200 ms from the first second on, reading `done()`, until destroyed.
  ProgressLine(std::ostream& err, const Clock& clock, uint64_t total,
               std::function<uint64_t()> done, Lang lang);
  ~ProgressLine();  // stops and clears the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Prints `text` on its own line (e.g. a bad record) without tearing the progress line.
  void Print(std::string_view text);
  // Whether the line is drawn now.
  bool Shown();

 private:
  void Run(const std::stop_token& stop);
  void Clear();

  std::ostream& err_;
  const Clock& clock_;
  uint64_t total_;
  std::function<uint64_t()> done_;
  Lang lang_;
  std::chrono::steady_clock::time_point started_;
  std::mutex mutex_;
  bool shown_ = false;
  std::jthread thread_;
};

}  // namespace fiducia
