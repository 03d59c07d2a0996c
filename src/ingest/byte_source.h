// The bytes of an input file, decompressed on the fly when the content is gzip or zstd, and the
// lines in them. Memory stays bounded by the chunk size (and the longest line), whatever the size
// of the file, and each line is handed out with padding after it so that simdjson parses it in
// place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/status.h"

namespace fiducia {

enum class Compression { kNone, kGzip, kZstd };

// Raw bytes read from files by every ByteSource of this process so far (a file sniffed for its
// format counts twice): what a progress line compares with the inputs' total size.
uint64_t FileBytesReadSoFar();
// For readers that read files through another library (libarchive): `n` more raw bytes read.
void CountFileBytesRead(uint64_t n);

class ByteSource {
 public:
  // Opens `path`; the compression is told from the first bytes (gzip 1f 8b, zstd 28 b5 2f fd).
  // NotFound when there is no such file, IoError when it cannot be read.
  static Result<std::unique_ptr<ByteSource>> OpenFile(const std::string& path);
  // `bytes` as if they were the content of a file called `name`; `bytes` must outlive the source.
  static Result<std::unique_ptr<ByteSource>> FromMemory(std::string_view bytes, std::string name);

  virtual ~ByteSource() = default;

  // Fills `out` with up to `size` decompressed bytes; 0 only at the end of the data. A read error
  // or corrupt compressed data is an IoError naming the file.
  virtual Result<size_t> Read(char* out, size_t size) = 0;

  const std::string& name() const { return name_; }
  Compression compression() const { return compression_; }

 protected:
  ByteSource(std::string name, Compression compression)
      : name_(std::move(name)), compression_(compression) {}

 private:
  std::string name_;
  Compression compression_;
};

// Standard input ("-"), pipes, FIFOs and devices can be read only once, but format detection and
// the readers that read a file twice open an input again. Such an input is copied once, as it is,
// into an anonymous temporary file; while its SpooledInput lives, ByteSource::OpenFile and
// OpenablePath of its name read that copy (errors still name the input).
class SpooledInput {
 public:
  // Copies `name` when it is "-" or neither a regular file nor a directory (a FIFO waits for its
  // writer, as any reader of it would); holds nothing for other paths, a missing one, or a name
  // already spooled. IoError when it cannot be read or the copy cannot be written.
  static Result<SpooledInput> Of(const std::string& name);

  SpooledInput() = default;
  SpooledInput(SpooledInput&& other) noexcept;
  SpooledInput& operator=(SpooledInput&& other) noexcept;
  ~SpooledInput();

  bool spooled() const { return fd_ >= 0; }

 private:
  SpooledInput(std::string name, int fd) : name_(std::move(name)), fd_(fd) {}
  void Release();

  std::string name_;
  int fd_ = -1;
};

// What the OS opens to read input `name`: its spooled copy ("/proc/self/fd/N") while there is one,
// else `name` itself. For readers that open files through another library (libarchive).
std::string OpenablePath(const std::string& name);

// "cannot read 'name': why" for a file or directory the OS would not read: NotFound when it is not
// there, else IoError.
Status ReadError(std::string_view name, std::error_code error);

// simdjson::SIMDJSON_PADDING, without making every user of this header include simdjson
// (byte_source.cc checks that the two agree).
inline constexpr size_t kLinePadding = 64;

struct Line {
  std::string_view text;  // without the "\n" or "\r\n" that ended it
  uint64_t number = 0;    // 1-based
  size_t capacity = 0;    // readable bytes from text.data(): at least text.size() + kLinePadding
  bool overlong = false;  // longer than the reader's limit: its bytes were dropped, text is empty
};

class LineReader {
 public:
  static constexpr size_t kDefaultChunkSize = size_t{1} << 20;
  // No record of any export comes near this; a hostile file's one huge line must not take the
  // memory of the machine.
  static constexpr size_t kDefaultMaxLine = size_t{16} << 20;

  explicit LineReader(std::unique_ptr<ByteSource> source, size_t chunk_size = kDefaultChunkSize,
                      size_t max_line = kDefaultMaxLine);

  // The next line, valid until the next call; false at the end of the data or on an error
  // (then status() says which). A UTF-8 byte-order mark before the first line is dropped.
  bool Next(Line& line);

  const Status& status() const { return status_; }
  uint64_t bytes_read() const { return bytes_read_; }

 private:
  bool FindLine(Line& line);
  bool ReadMore();
  void MakeRoom();
  void DropOverlongPart();
  Line Emit(size_t end, size_t next);

  std::unique_ptr<ByteSource> source_;
  size_t chunk_size_;
  size_t max_line_;
  bool dropping_ = false;     // inside an overlong line, until its newline
  std::vector<char> buffer_;  // data in [begin_, end_), then at least kLinePadding spare bytes
  size_t begin_ = 0;
  size_t end_ = 0;
  size_t scanned_ = 0;  // no '\n' in [begin_, scanned_)
  uint64_t line_number_ = 0;
  uint64_t bytes_read_ = 0;
  bool at_eof_ = false;
  Status status_;
};

}  // namespace fiducia
