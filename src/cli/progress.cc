#include "cli/progress.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <ostream>

namespace fiducia {
namespace {

constexpr auto kFirstDraw = std::chrono::seconds(1);
constexpr auto kRedraw = std::chrono::milliseconds(200);
constexpr std::string_view kClearLine = "\r\x1b[K";

std::string Megabytes(double bytes, Lang lang) {
  std::string text = fmt::format("{:.1f} MB", bytes / 1e6);
  if (lang == Lang::kIt) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

}  // namespace

std::string ProgressText(uint64_t done, uint64_t total, std::chrono::duration<double> elapsed,
                         Lang lang) {
  done = std::min(done, total);
  const double seconds = std::max(elapsed.count(), 1e-3);
  const double rate = double(done) / seconds;
  const bool it = lang == Lang::kIt;
  std::string text = fmt::format(
      fmt::runtime(it ? "letti {} di {} · {}/s" : "{} of {} read · {}/s"),
      Megabytes(double(done), lang), Megabytes(double(total), lang), Megabytes(rate, lang));
  if (rate > 0 && done < total) {
    const int64_t left = std::llround(double(total - done) / rate);
    text += fmt::format(fmt::runtime(it ? " · ancora {} s" : " · {} s left"), left);
  } else if (done >= total) {
    text += it ? " · giudizio in corso" : " · judging";
  }
  return text;
}

uint64_t InputBytes(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& input : inputs) {
    if (fs::is_regular_file(input, ec)) {
      total += fs::file_size(input, ec);
      continue;
    }
    for (fs::recursive_directory_iterator it(input, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file(ec)) total += it->file_size(ec);
    }
  }
  return total;
}

ProgressLine::ProgressLine(std::ostream& err, const Clock& clock, uint64_t total,
                           std::function<uint64_t()> done, Lang lang)
    : err_(err),
      clock_(clock),
      total_(total),
      done_(std::move(done)),
      lang_(lang),
      started_(clock.Steady()),
      thread_([this](const std::stop_token& stop) { Run(stop); }) {}

ProgressLine::~ProgressLine() {
  thread_.request_stop();
  thread_.join();
  std::lock_guard lock(mutex_);
  Clear();
}

void ProgressLine::Print(std::string_view text) {
  std::lock_guard lock(mutex_);
  Clear();
  err_ << text << "\n";
}

bool ProgressLine::Shown() {
  std::lock_guard lock(mutex_);
  return shown_;
}

void ProgressLine::Run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    std::this_thread::sleep_for(kRedraw);
    const auto elapsed = clock_.Steady() - started_;
    if (elapsed < kFirstDraw || stop.stop_requested()) continue;
    std::lock_guard lock(mutex_);
    err_ << kClearLine << "fiducia: " << ProgressText(done_(), total_, elapsed, lang_)
         << std::flush;
    shown_ = true;
  }
}

void ProgressLine::Clear() {
  if (!shown_) return;
  err_ << kClearLine << std::flush;
  shown_ = false;
}

}  // namespace fiducia
