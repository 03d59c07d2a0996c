// A CSV file as a stream of records, parsed by libcsv: quoted fields may hold delimiters, doubled
// quotes and line breaks, and each record comes with the physical line it starts on, for error
// messages. Memory stays bounded by the chunk size and the longest record, whatever the size of
// the file.
//
// The dialect is told from the first line: the delimiter (',' or ';' — Italian Excel writes ';' —
// or a tab) and the line ending. Only the line ending ends a record, so a bare CR inside a field
// (the Twitter dataset has one) stays in the field; the CR of a CRLF ending is trimmed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "ingest/byte_source.h"

struct csv_parser;  // libcsv's, kept out of this header

namespace fiducia {

struct CsvDialect {
  char delimiter = ',';
  char terminator = '\n';  // '\r' for files whose lines end with a bare CR (old Mac exports)
};

// The dialect of a CSV whose first bytes are `head`: the delimiter is whichever of ',', ';' and tab
// appears most often outside quotes on the first non-blank line (ties go to ','); lines end with CR
// when the first line break is a CR not followed by LF.
CsvDialect SniffCsvDialect(std::string_view head);

struct CsvRecord {
  std::vector<std::string> fields;  // unquoted; spaces around unquoted fields trimmed
  uint64_t line = 0;                // 1-based physical line the record starts on
  // Longer than the reader's limit (usually a quote left open): fields is empty, and the reader
  // dropped the rest of the line it was on and goes on from the next one.
  bool overlong = false;
};

class CsvRowReader {
 public:
  // Reads of this size cost no more per byte than bigger ones, and a reader for a small file (or a
  // format sniff) does not take a megabyte.
  static constexpr size_t kDefaultChunkSize = size_t{64} << 10;
  // No call log or tweet comes near this; a quote left open must not take the machine's memory.
  static constexpr size_t kDefaultMaxRecord = size_t{16} << 20;

  explicit CsvRowReader(std::unique_ptr<ByteSource> source, size_t chunk_size = kDefaultChunkSize,
                        size_t max_record = kDefaultMaxRecord);
  ~CsvRowReader();
  CsvRowReader(const CsvRowReader&) = delete;
  CsvRowReader& operator=(const CsvRowReader&) = delete;

  // The next record; false at the end of the data or on an error (then status() says which).
  // A UTF-8 byte-order mark before the first record is dropped; blank lines are skipped.
  bool Next(CsvRecord& record);

  const Status& status() const { return status_; }
  uint64_t bytes_read() const { return bytes_read_; }
  const CsvDialect& dialect() const { return dialect_; }  // known once Next was called

 private:
  static void OnField(void* data, size_t size, void* self);
  static void OnRecord(int terminator, void* self);

  void Step();
  bool ReadHead();
  bool ReadChunk();
  bool ReadInto(size_t offset, size_t size);
  void Feed(std::string_view piece, bool ends_line);
  void DropOverlongRecord(bool ends_line);
  void Finish();

  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<csv_parser> parser_;
  size_t chunk_size_;
  size_t max_record_;
  CsvDialect dialect_;
  std::string buffer_;  // bytes read and not yet fed from `fed_` on
  size_t fed_ = 0;
  bool started_ = false;
  bool finished_ = false;
  bool skipping_line_ = false;  // after an overlong record, until the end of its line
  uint64_t line_ = 1;           // the physical line being fed
  uint64_t record_line_ = 0;    // where the record being parsed starts; 0 between records
  size_t record_bytes_ = 0;
  CsvRecord current_;
  std::deque<CsvRecord> ready_;
  uint64_t bytes_read_ = 0;
  Status status_;
};

// The fields of the first record of `head` (a file's first bytes): its header row; empty when there
// is none.
std::vector<std::string> ReadCsvHeader(std::string_view head);

// The index of the column called `name` in `header`, ignoring ASCII case and surrounding spaces.
std::optional<size_t> FindCsvColumn(const std::vector<std::string>& header, std::string_view name);

}  // namespace fiducia
