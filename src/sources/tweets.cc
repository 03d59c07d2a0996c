// Placeholder: the reader is being written.
#include "sources/tweets.h"

namespace fiducia {
namespace {

class TweetsReader final : public SourceReader {
 public:
  Status Read(const std::filesystem::path& path, IngestSink& sink) override {
    (void)sink;
    return Status::Usage(path.string() + ": this format is not read yet");
  }
};

}  // namespace

bool LooksLikeTweetsCsv(std::string_view head, const SourceSettings& settings) {
  (void)head;
  (void)settings;
  return false;
}

std::unique_ptr<SourceReader> MakeTweetsReader(const SourceSettings& settings) {
  (void)settings;
  return std::make_unique<TweetsReader>();
}

}  // namespace fiducia
