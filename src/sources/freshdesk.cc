// Placeholder: the reader is being written.
#include "sources/freshdesk.h"

namespace fiducia {
namespace {

class FreshdeskReader final : public SourceReader {
 public:
  Status Read(const std::filesystem::path& path, IngestSink& sink) override {
    (void)sink;
    return Status::Usage(path.string() + ": this format is not read yet");
  }
};

}  // namespace

bool LooksLikeFreshdeskExport(std::string_view head, const SourceSettings& settings) {
  (void)head;
  (void)settings;
  return false;
}

std::unique_ptr<SourceReader> MakeFreshdeskReader(const SourceSettings& settings) {
  (void)settings;
  return std::make_unique<FreshdeskReader>();
}

}  // namespace fiducia
