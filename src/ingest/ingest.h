// Where events enter fiducia. Every reader hands its events to an IngestSink, which normalises
// handles, reduces text to cues, counts duplicates and reports bad records (`file:line: what is
// wrong`, or the record's id where a format has no lines); under `strict` the first bad record
// stops the reading. This layer also walks the inputs (files, directories) and reads canonical
// events (../shared/spec/events.md) from JSON Lines, plain or gzip- or zstd-compressed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/input_limits.h"
#include "common/status.h"
#include "ingest/canonical_pipeline.h"
#include "model/corpus.h"
#include "model/handle.h"
#include "text/analyser.h"

namespace fiducia {

struct InputError {
  std::string file;
  uint64_t line = 0;  // 1-based; 0 when the error is about the whole file or names its record
  std::string what;
  std::string ToString() const;  // "file:line: what", or "file: what"
};

struct IngestReport {
  uint64_t files = 0;
  uint64_t files_skipped = 0;      // files in a walked directory that are not inputs fiducia reads
  uint64_t bytes = 0;              // bytes read, after decompression
  uint64_t records = 0;            // records seen (non-blank lines, messages, tickets…)
  uint64_t events = 0;             // new events added to the corpus
  uint64_t duplicates = 0;         // events whose id was already there
  uint64_t skipped = 0;            // bad records
  std::vector<InputError> errors;  // the first kMaxKeptErrors of them
  static constexpr size_t kMaxKeptErrors = 1000;
};

struct IngestOptions {
  bool strict = false;
  std::string default_region = "IT";  // for phone numbers without a country code
  bool keep_text = false;             // keep each message's text in the corpus (fiducia import)
  // The cue lists texts are read with; empty: the built-in ones (data/lexicons).
  std::shared_ptr<const CueMatcher> cues;
  // Called with each bad record as it is found (for printing while reading); may be empty.
  std::function<void(const InputError&)> on_error;
  // Threads that read canonical JSON Lines (CanonicalPipeline: parsing, handles, the text pass):
  // 0 or 1 reads each line on the reading thread; more run that many workers beside it. Under
  // `strict` the reading is sequential, so that it stops at the first bad line.
  unsigned text_threads = 1;
  // Whether the text pass reads company messages and notes too; false when only customers' words
  // matter (fiducia audit --rules timing: closings and reminders), which halves the pass.
  bool company_text = true;
  // What one input may cost ([limits] of the config): records per file, archive members' size.
  InputLimits limits;
};

// What the text pass reads of a message: its text, but of an e-mail, the customer's or the
// company's, only the new words (mail::CustomerWords: no reply subject, which repeats the thread's,
// no quoted history, which is the other side's words), kept in `scratch` when cut.
std::string_view AnalysedWords(const Event& event, std::string_view text, std::string& scratch);

class IngestSink {
 public:
  IngestSink(const IngestOptions& options, Corpus& corpus, IngestReport& report);
  ~IngestSink();
  IngestSink(const IngestSink&) = delete;
  IngestSink& operator=(const IngestSink&) = delete;

  // Every string a reader hands on here is valid UTF-8 from then on: invalid bytes (a stray 0xFF,
  // a sequence cut short, overlong forms, surrogates) become U+FFFD (common/utf8.h).
  // The normalised, interned customer handle; an error for one that cannot be a handle.
  Result<Symbol> Handle(std::string_view raw);
  // Agents, conversation ids, tags: interned as they are (empty: kNoSymbol).
  Symbol Intern(std::string_view text);
  // Adds `event` under `id`, with the cues found in `text` (the one place where a message's text
  // is analysed); the text itself is dropped unless options.keep_text. The same id again is
  // counted as a duplicate, not an error.
  void Add(std::string_view raw_id, Event event, std::string_view raw_text);
  // The workers that read the canonical lines of `file` into this sink (errors are reported under
  // that name); null when the lines are to be read on the calling thread. Flush the pipeline
  // before the next file.
  CanonicalPipeline* Lines(std::string_view file);
  // Reports a bad record. Under `strict` returns InvalidInput and the reader must stop; else OK.
  [[nodiscard]] Status Reject(InputError error);
  // Counts one more record of `file` (report().records) before a reader reads it; false once `file`
  // has had options.limits.records_per_input records: the reader skips the rest of the file and
  // says so once with RecordLimitReached. A reader's records of one file come one after another.
  bool CountRecord(std::string_view file);
  // Reports that the rest of `file`, from `line` on (0: unknown), is skipped: a bad record, once
  // per file. Under `strict` InvalidInput.
  [[nodiscard]] Status RecordLimitReached(std::string_view file, uint64_t line);
  // The text of that bad record (the canonical workers queue it in its place).
  std::string RecordLimitText() const;

  Corpus& corpus() { return corpus_; }
  IngestReport& report() { return report_; }
  const IngestOptions& options() const { return options_; }

 private:
  bool NeedsAnalysis(const Event& event) const {
    return options_.company_text || event.direction == Direction::kIn;
  }
  // Where every message enters the corpus, with what the text pass found in it.
  void Commit(HashedName id, Event event, std::string_view text, bool has_text,
              const TextAnalysis& analysis);
  void CommitLine(const CanonicalPipeline::Committed& line);

  const IngestOptions& options_;
  Corpus& corpus_;
  IngestReport& report_;
  HandleNormaliser handles_;
  TextAnalyser text_;
  std::unique_ptr<CanonicalPipeline> lines_;  // made on the first canonical file
  std::string file_;                          // the file lines_ reads
  // What RepairUtf8 wrote when a reader's string was not valid UTF-8 (every string entering here
  // is repaired, so that no output holds bytes a strict reader refuses): names, and an Add's text.
  std::string repaired_, repaired_text_;
  std::string words_;  // a customer e-mail's new words (AnalysedWords)
  // Records counted of the file read now (CountRecord), and whether its limit was reported.
  std::string counted_file_;
  uint64_t counted_records_ = 0;
  bool limit_reported_ = false;
};

// Calls `read` for each file: a path named is read whatever it is; a directory is walked
// recursively in name order, hidden entries skipped, and its files passed to `accept` first (the
// ones it refuses are counted in report.files_skipped). A missing or unreadable path stops the walk
// (NotFound/IoError); so does any error `read` returns.
using FileVisitor = std::function<Status(const std::filesystem::path&)>;
using FileFilter = std::function<bool(const std::filesystem::path&)>;
Status ForEachInputFile(const std::vector<std::string>& paths, const FileFilter& accept,
                        IngestReport& report, const FileVisitor& read);

// One file of canonical JSON Lines (plain, gzip or zstd, told from the content).
Status ReadCanonicalFile(const std::filesystem::path& path, IngestSink& sink);

// *.jsonl, *.ndjson, *.json, also .gz/.zst: the names canonical events go by in a directory.
bool LooksLikeCanonicalEvents(const std::filesystem::path& name);

// Canonical events from every path (in a directory, only LooksLikeCanonicalEvents files).
// NotFound/IoError when a path cannot be read (the reading stops), InvalidInput for the first bad
// record under `strict`, else OK.
Status ReadCanonicalEvents(const std::vector<std::string>& paths, const IngestOptions& options,
                           Corpus& corpus, IngestReport& report);

}  // namespace fiducia
