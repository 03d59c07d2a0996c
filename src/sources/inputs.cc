#include "sources/inputs.h"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <new>

#include "ingest/byte_source.h"
#include "sources/call_log.h"
#include "sources/email.h"
#include "sources/freshdesk.h"
#include "sources/tweets.h"
#include "sources/whatsapp.h"
#include "sources/zendesk.h"

namespace fiducia {
namespace {

namespace fs = std::filesystem;

// The canonical reader in the shape of the others.
class CanonicalReader final : public SourceReader {
 public:
  Status Read(const fs::path& path, IngestSink& sink) override {
    return ReadCanonicalFile(path, sink);
  }
};

std::unique_ptr<SourceReader> MakeReader(SourceFormat format, const SourceSettings& settings) {
  switch (format) {
    case SourceFormat::kCanonical:
      return std::make_unique<CanonicalReader>();
    case SourceFormat::kWhatsapp:
      return MakeWhatsappReader(settings);
    case SourceFormat::kMbox:
    case SourceFormat::kEmail:
      return MakeEmailReader(settings);
    case SourceFormat::kZendesk:
      return MakeZendeskReader(settings);
    case SourceFormat::kFreshdesk:
      return MakeFreshdeskReader(settings);
    case SourceFormat::kTweets:
      return MakeTweetsReader(settings);
    case SourceFormat::kCallLog:
      return MakeCallLogReader(settings);
    case SourceFormat::kUnknown:
      break;
  }
  return nullptr;
}

// One reader per format for the whole run, so that readers can join what spans files.
class InputReading {
 public:
  InputReading(std::optional<SourceFormat> forced, const SourceSettings& settings, IngestSink& sink)
      : forced_(forced), settings_(settings), sink_(sink) {}

  bool Accept(const fs::path& file) {
    if (forced_) return true;
    auto format = DetectFileFormat(file, settings_);
    return !format.ok() || *format != SourceFormat::kUnknown;  // unreadable: Read says why
  }

  Status Read(const fs::path& file) {
    SourceFormat format = forced_.value_or(SourceFormat::kUnknown);
    if (!forced_) {
      auto detected = DetectFileFormat(file, settings_);
      if (!detected.ok()) return detected.status();
      format = *detected;
    }
    if (format == SourceFormat::kUnknown) {
      return sink_.Reject({file.string(), 0, "not a format fiducia reads (see --format)"});
    }
    return ReaderFor(format).Read(file, sink_);
  }

  Status Finish() {
    for (auto& [format, reader] : readers_) {
      if (Status s = reader->Finish(sink_); !s.ok()) return s;
    }
    return Status::Ok();
  }

 private:
  SourceReader& ReaderFor(SourceFormat format) {
    if (format == SourceFormat::kMbox) format = SourceFormat::kEmail;  // one thread index
    auto& reader = readers_[format];
    if (!reader) reader = MakeReader(format, settings_);
    return *reader;
  }

  std::optional<SourceFormat> forced_;
  const SourceSettings& settings_;
  IngestSink& sink_;
  std::map<SourceFormat, std::unique_ptr<SourceReader>> readers_;
};

}  // namespace

Status ReadInputs(const std::vector<std::string>& paths, std::optional<SourceFormat> forced,
                  const SourceSettings& settings, IngestSink& sink) {
  InputReading reading(forced, settings, sink);
  // Pipes and standard input, copied once for the whole run: readers may keep what they read
  // until Finish, and a name given twice is the same input.
  std::vector<SpooledInput> spools;
  std::string file;  // the one read now, for an allocation failure
  const auto read = [&](const fs::path& f) {
    file = f.string();
    auto spool = SpooledInput::Of(file);
    if (!spool.ok()) return spool.status();
    if (spool->spooled()) spools.push_back(std::move(*spool));
    return reading.Read(f);
  };
  try {
    Status walked = ForEachInputFile(
        paths, [&](const fs::path& f) { return reading.Accept(f); }, sink.report(), read);
    if (!walked.ok()) return walked;
    file = "the inputs";
    return reading.Finish();
  } catch (const std::bad_alloc&) {
    return Status::IoError(fmt::format(
        "out of memory while reading '{}' (limits.records_per_input and limits.member_bytes in "
        "the config bound what one file may take)",
        file));
  }
}

}  // namespace fiducia
