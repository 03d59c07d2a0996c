#include "ingest/ingest.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "ingest/byte_source.h"
#include "ingest/event_reader.h"

namespace fiducia {

std::string InputError::ToString() const {
  if (line == 0) return fmt::format("{}: {}", file, what);
  return fmt::format("{}:{}: {}", file, line, what);
}

namespace {

namespace fs = std::filesystem;

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

bool IsHidden(const fs::path& path) { return path.filename().string().starts_with('.'); }

// Inside a directory only event files are read (a README or a PDF beside them is not an export
// of events); a file named on the command line is always read.
bool LooksLikeEvents(fs::path name) {
  if (name.extension() == ".gz" || name.extension() == ".zst" || name.extension() == ".zstd") {
    name = name.stem();
  }
  const auto ext = name.extension();
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json";
}

// One call of ReadCanonicalEvents: where the events go and what is counted on the way.
class IngestRun {
 public:
  IngestRun(const IngestOptions& options, Corpus& corpus, IngestReport& report)
      : options_(options), corpus_(corpus), report_(report), reader_(options.default_region) {}

  Status ReadPath(const fs::path& path);

 private:
  Status ReadDirectory(const fs::path& dir);
  Status ReadEntry(const fs::path& entry);
  Status ReadFile(const fs::path& path);
  Status ReadRecord(const std::string& file, const Line& line);
  Status Reject(InputError error);

  const IngestOptions& options_;
  Corpus& corpus_;
  IngestReport& report_;
  EventReader reader_;
  std::set<fs::path> directories_seen_;  // a symbolic link back up the tree is walked once
};

Status IngestRun::ReadPath(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return ReadDirectory(path);
  return ReadFile(path);  // missing or unreadable: opening it says why
}

// The entries of `dir` but hidden ones, in name order so that every run reads the same files in the
// same order.
Result<std::vector<fs::path>> VisibleEntries(const fs::path& dir) {
  std::error_code error;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (!IsHidden(it->path())) entries.push_back(it->path());
  }
  if (error) return ReadError(dir.string(), error);
  std::sort(entries.begin(), entries.end());
  return entries;
}

Status IngestRun::ReadDirectory(const fs::path& dir) {
  std::error_code error;
  const fs::path real = fs::canonical(dir, error);
  if (error) return ReadError(dir.string(), error);
  if (!directories_seen_.insert(real).second) return Status::Ok();
  auto entries = VisibleEntries(dir);
  if (!entries.ok()) return entries.status();
  for (const fs::path& entry : *entries) {
    if (Status status = ReadEntry(entry); !status.ok()) return status;
  }
  return Status::Ok();
}

Status IngestRun::ReadEntry(const fs::path& entry) {
  std::error_code error;
  if (fs::is_directory(entry, error)) return ReadDirectory(entry);
  if (!fs::is_regular_file(entry, error)) return Status::Ok();  // sockets, FIFOs, dangling links
  if (LooksLikeEvents(entry.filename())) return ReadFile(entry);
  ++report_.files_skipped;
  return Status::Ok();
}

Status IngestRun::ReadFile(const fs::path& path) {
  const std::string name = path.string();
  auto source = ByteSource::OpenFile(name);
  if (!source.ok()) return source.status();
  ++report_.files;
  LineReader lines(std::move(*source));
  Line line;
  Status status;
  while (status.ok() && lines.Next(line)) {
    if (!line.overlong && IsBlank(line.text)) continue;
    ++report_.records;
    status = line.overlong ? Reject({name, line.number, "line longer than 16 MiB: skipped"})
                           : ReadRecord(name, line);
  }
  report_.bytes += lines.bytes_read();
  return status.ok() ? lines.status() : status;
}

Status IngestRun::ReadRecord(const std::string& file, const Line& line) {
  auto record = reader_.ReadPadded(line.text, line.capacity, corpus_.symbols());
  if (!record.ok()) return Reject({file, line.number, std::string(record.status().message())});
  if (corpus_.Add(record->id, std::move(record->event))) {
    ++report_.events;
  } else {
    ++report_.duplicates;  // re-import of the same event: idempotent, not an error
  }
  return Status::Ok();
}

Status IngestRun::Reject(InputError error) {
  ++report_.skipped;
  if (options_.on_error) options_.on_error(error);
  Status status = options_.strict ? Status::InvalidInput(error.ToString()) : Status::Ok();
  if (report_.errors.size() < IngestReport::kMaxKeptErrors)
    report_.errors.push_back(std::move(error));
  return status;
}

}  // namespace

Status ReadCanonicalEvents(const std::vector<std::string>& paths, const IngestOptions& options,
                           Corpus& corpus, IngestReport& report) {
  IngestRun run(options, corpus, report);
  for (const std::string& path : paths) {
    if (Status status = run.ReadPath(path); !status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace fiducia
