// Placeholder: the reader is being written.
#include "sources/call_log.h"

namespace fiducia {
namespace {

class CallLogReader final : public SourceReader {
 public:
  Status Read(const std::filesystem::path& path, IngestSink& sink) override {
    (void)sink;
    return Status::Usage(path.string() + ": this format is not read yet");
  }
};

}  // namespace

bool LooksLikeCallLog(std::string_view head, const SourceSettings& settings) {
  (void)head;
  (void)settings;
  return false;
}

std::unique_ptr<SourceReader> MakeCallLogReader(const SourceSettings& settings) {
  (void)settings;
  return std::make_unique<CallLogReader>();
}

}  // namespace fiducia
