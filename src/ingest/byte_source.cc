#include "ingest/byte_source.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <system_error>
#include <utility>

namespace fiducia {

static_assert(kLinePadding >= simdjson::SIMDJSON_PADDING, "lines must be padded for simdjson");

namespace {

// Compressed bytes are read ahead in blocks of this size; decompressed ones in the reader's chunks.
constexpr size_t kRawBlockSize = size_t{256} << 10;

std::atomic<uint64_t> file_bytes_read{0};

Status CannotRead(std::string_view name, std::string_view why) {
  return Status::IoError(fmt::format("cannot read '{}': {}", name, why));
}

// Where the raw (possibly compressed) bytes come from.
class RawInput {
 public:
  virtual ~RawInput() = default;
  // Up to `size` bytes into `out`; 0 at the end.
  virtual Result<size_t> ReadSome(char* out, size_t size) = 0;
};

class FileInput final : public RawInput {
 public:
  FileInput(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FileInput() override { ::close(fd_); }
  FileInput(const FileInput&) = delete;
  FileInput& operator=(const FileInput&) = delete;

  Result<size_t> ReadSome(char* out, size_t size) override {
    for (;;) {
      const ssize_t n = ::read(fd_, out, std::min<size_t>(size, SSIZE_MAX));
      if (n >= 0) {
        file_bytes_read.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
        return static_cast<size_t>(n);
      }
      if (errno != EINTR) return ReadError(path_, std::error_code(errno, std::generic_category()));
    }
  }

 private:
  int fd_;
  std::string path_;
};

class MemoryInput final : public RawInput {
 public:
  explicit MemoryInput(std::string_view bytes) : rest_(bytes) {}

  Result<size_t> ReadSome(char* out, size_t size) override {
    const size_t n = std::min(size, rest_.size());
    if (n > 0) std::memcpy(out, rest_.data(), n);
    rest_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view rest_;
};

// Raw bytes read ahead, so that the magic bytes can be looked at and decompressors can take their
// input in place.
class BufferedInput {
 public:
  explicit BufferedInput(std::unique_ptr<RawInput> raw)
      : raw_(std::move(raw)), buffer_(kRawBlockSize) {}

  std::string_view pending() const { return {buffer_.data() + begin_, end_ - begin_}; }
  void Consume(size_t n) { begin_ += n; }

  // Reads more after what is pending (less than a block); pending() stays empty only at the end
  // of the input.
  Status Refill() {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
    auto got = raw_->ReadSome(buffer_.data() + end_, buffer_.size() - end_);
    if (!got.ok()) return got.status();
    end_ += *got;
    at_eof_ = *got == 0;
    return Status::Ok();
  }

  // Until `n` bytes are pending or the input ends (a read may return fewer bytes than asked).
  Status FillAtLeast(size_t n) {
    while (end_ - begin_ < n && !at_eof_) {
      if (Status s = Refill(); !s.ok()) return s;
    }
    return Status::Ok();
  }

  // What is pending first, then straight from the input without copying through the buffer.
  Result<size_t> ReadInto(char* out, size_t size) {
    if (begin_ == end_) return raw_->ReadSome(out, size);
    const size_t n = std::min(size, end_ - begin_);
    std::memcpy(out, buffer_.data() + begin_, n);
    begin_ += n;
    return n;
  }

 private:
  std::unique_ptr<RawInput> raw_;
  std::vector<char> buffer_;
  size_t begin_ = 0;
  size_t end_ = 0;
  bool at_eof_ = false;
};

class PlainSource final : public ByteSource {
 public:
  PlainSource(std::string name, BufferedInput input)
      : ByteSource(std::move(name), Compression::kNone), input_(std::move(input)) {}

  Result<size_t> Read(char* out, size_t size) override { return input_.ReadInto(out, size); }

 private:
  BufferedInput input_;
};

// What gzip and zstd share: input refilled as the decoder takes it, output filled until it is full
// or the input ends, and the bytes decoded before damage handed out before the error about it.
class Decompressor : public ByteSource {
 public:
  Result<size_t> Read(char* out, size_t size) final {
    if (!deferred_.ok()) return deferred_;
    Output output{out, size, 0};
    Status status = Fill(output);
    if (status.ok() && output.pos == 0 && !AtBoundary()) {
      status = CannotRead(name(), fmt::format("the {} data is cut short", FormatName()));
    }
    if (status.ok()) return output.pos;
    if (output.pos == 0) return status;
    deferred_ = status;
    return output.pos;
  }

 protected:
  struct Output {
    char* data;
    size_t size;
    size_t pos;
  };

  Decompressor(std::string name, Compression compression, BufferedInput input)
      : ByteSource(std::move(name), compression), input_(std::move(input)) {}

  // Decodes from input_ into `output`; whether it consumed or produced anything. With no input
  // left it only flushes what the decoder still holds.
  virtual Result<bool> Step(Output& output) = 0;
  // Whether the last gzip member or zstd frame was decoded in full: the data may end there.
  virtual bool AtBoundary() const = 0;

  std::string_view FormatName() const {
    return compression() == Compression::kGzip ? "gzip" : "zstd";
  }
  Status Corrupt(std::string_view why) const {
    return CannotRead(name(), fmt::format("corrupt {} data ({})", FormatName(), why));
  }

  BufferedInput input_;

 private:
  Status Fill(Output& output) {
    bool progress = true;
    while (output.pos < output.size && progress) {
      if (input_.pending().empty()) {
        if (Status s = input_.Refill(); !s.ok()) return s;
      }
      auto step = Step(output);
      if (!step.ok()) return step.status();
      progress = *step;
    }
    return Status::Ok();
  }

  Status deferred_;  // an error met after some bytes were decoded: returned by the next Read
};

// gzip (and zlib) data, including several gzip members one after the other as `cat a.gz b.gz`
// and parallel compressors write them.
class GzipSource final : public Decompressor {
 public:
  static Result<std::unique_ptr<ByteSource>> Create(std::string name, BufferedInput input) {
    auto source = std::unique_ptr<GzipSource>(new GzipSource(std::move(name), std::move(input)));
    // 15 + 32: the largest window, and a gzip or zlib header told from the data.
    if (inflateInit2(&source->stream_, 15 + 32) != Z_OK) {
      source->initialised_ = false;
      return CannotRead(source->name(), "cannot start the gzip decompressor");
    }
    return std::unique_ptr<ByteSource>(std::move(source));
  }

  ~GzipSource() override {
    if (initialised_) inflateEnd(&stream_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

 private:
  GzipSource(std::string name, BufferedInput input)
      : Decompressor(std::move(name), Compression::kGzip, std::move(input)) {}

  bool AtBoundary() const override { return member_done_; }

  Result<bool> Step(Output& output) override {
    const std::string_view pending = input_.pending();
    if (member_done_) {
      if (pending.empty()) return false;
      inflateReset(&stream_);  // more bytes after a member: the next member
      member_done_ = false;
    }
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pending.data()));
    stream_.avail_in = static_cast<uInt>(std::min<size_t>(pending.size(), UINT_MAX));
    stream_.next_out = reinterpret_cast<Bytef*>(output.data + output.pos);
    stream_.avail_out = static_cast<uInt>(std::min<size_t>(output.size - output.pos, UINT_MAX));
    const uInt in_before = stream_.avail_in;
    const uInt out_before = stream_.avail_out;
    const int rc = inflate(&stream_, Z_NO_FLUSH);
    input_.Consume(in_before - stream_.avail_in);
    output.pos += out_before - stream_.avail_out;
    const bool progress = stream_.avail_in < in_before || stream_.avail_out < out_before;
    if (rc == Z_STREAM_END) member_done_ = true;
    if (rc == Z_STREAM_END || (rc == Z_OK && progress)) return true;
    if (rc == Z_BUF_ERROR && pending.empty()) return false;  // the input ended
    return Corrupt(stream_.msg != nullptr ? stream_.msg : zError(rc));
  }

  z_stream stream_{};
  bool initialised_ = true;
  bool member_done_ = false;  // the last member ended: more bytes start another one
};

// zstd data; ZSTD_decompressStream goes on by itself across concatenated and skippable frames.
class ZstdSource final : public Decompressor {
 public:
  static Result<std::unique_ptr<ByteSource>> Create(std::string name, BufferedInput input) {
    auto source = std::unique_ptr<ZstdSource>(new ZstdSource(std::move(name), std::move(input)));
    if (source->stream_ == nullptr)
      return CannotRead(source->name(), "cannot start the zstd decompressor");
    return std::unique_ptr<ByteSource>(std::move(source));
  }

  ~ZstdSource() override { ZSTD_freeDStream(stream_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

 private:
  ZstdSource(std::string name, BufferedInput input)
      : Decompressor(std::move(name), Compression::kZstd, std::move(input)),
        stream_(ZSTD_createDStream()) {}

  bool AtBoundary() const override { return frame_done_; }

  Result<bool> Step(Output& output) override {
    const std::string_view pending = input_.pending();
    ZSTD_inBuffer in{pending.data(), pending.size(), 0};
    ZSTD_outBuffer out{output.data, output.size, output.pos};
    const size_t rc = ZSTD_decompressStream(stream_, &out, &in);
    input_.Consume(in.pos);
    const bool progress = in.pos > 0 || out.pos > output.pos;
    output.pos = out.pos;
    if (ZSTD_isError(rc)) return Corrupt(ZSTD_getErrorName(rc));
    // A call with nothing to do returns a hint for the next frame, not the state of the last one.
    if (progress) frame_done_ = rc == 0;
    if (!progress && !pending.empty()) return Corrupt("no progress");
    return progress;
  }

  ZSTD_DStream* stream_;
  bool frame_done_ = false;  // the last frame was decoded and flushed in full
};

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

Result<std::unique_ptr<ByteSource>> Detect(std::string name, BufferedInput input) {
  if (Status s = input.FillAtLeast(4); !s.ok()) return s;
  const std::string_view head = input.pending();
  if (StartsWith(head, "\x1f\x8b")) return GzipSource::Create(std::move(name), std::move(input));
  if (StartsWith(head, "\x28\xb5\x2f\xfd"))
    return ZstdSource::Create(std::move(name), std::move(input));
  return std::unique_ptr<ByteSource>(new PlainSource(std::move(name), std::move(input)));
}

}  // namespace

uint64_t FileBytesReadSoFar() { return file_bytes_read.load(std::memory_order_relaxed); }

void CountFileBytesRead(uint64_t n) { file_bytes_read.fetch_add(n, std::memory_order_relaxed); }

Status ReadError(std::string_view name, std::error_code error) {
  std::string why = error.message();  // "No such file or directory": lower-cased after the colon
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  const std::string message = fmt::format("cannot read '{}': {}", name, why);
  if (error == std::errc::no_such_file_or_directory) return Status::NotFound(message);
  return Status::IoError(message);
}

// --- Inputs read once, spooled
// --------------------------------------------------------------------

namespace {

// The spooled inputs by name, and the descriptors of their copies.
struct Spools {
  std::mutex mutex;
  std::map<std::string, int, std::less<>> fds;
};

Spools& AllSpools() {
  static Spools spools;
  return spools;
}

bool NeedsSpool(const std::string& name) {
  if (name == "-") return true;
  struct stat info {};
  if (::stat(name.c_str(), &info) != 0) return false;  // missing: opening it says why
  return !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

Status CannotSpool(std::string_view name, int error) {
  return CannotRead(name, fmt::format("cannot copy it to a temporary file ({})",
                                      std::error_code(error, std::generic_category()).message()));
}

// An anonymous file in $TMPDIR (or /tmp): gone when its last descriptor closes.
Result<int> AnonymousFile(std::string_view name) {
  const char* env = std::getenv("TMPDIR");
  const std::string dir = env != nullptr && *env != '\0' ? env : "/tmp";
  int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0) return fd;
  std::string path = dir + "/fiducia-input-XXXXXX";  // where O_TMPFILE is not supported
  fd = ::mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return CannotSpool(name, errno);
  ::unlink(path.c_str());
  return fd;
}

Status CopyAll(int from, int to, std::string_view name) {
  std::vector<char> buffer(kRawBlockSize);
  for (;;) {
    const ssize_t got = ::read(from, buffer.data(), buffer.size());
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ReadError(name, std::error_code(errno, std::generic_category()));
    if (got == 0) return Status::Ok();
    for (ssize_t put = 0; put < got;) {
      const ssize_t n = ::write(to, buffer.data() + put, static_cast<size_t>(got - put));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return CannotSpool(name, errno);
      put += n;
    }
  }
}

}  // namespace

Result<SpooledInput> SpooledInput::Of(const std::string& name) {
  {
    std::lock_guard lock(AllSpools().mutex);
    if (AllSpools().fds.contains(name)) return SpooledInput();
  }
  if (!NeedsSpool(name)) return SpooledInput();
  const bool standard_input = name == "-";
  const int from = standard_input ? STDIN_FILENO : ::open(name.c_str(), O_RDONLY | O_CLOEXEC);
  if (from < 0) return ReadError(name, std::error_code(errno, std::generic_category()));
  auto copy = AnonymousFile(name);
  Status copied = copy.ok() ? CopyAll(from, *copy, name) : copy.status();
  if (!standard_input) ::close(from);
  if (!copied.ok()) {
    if (copy.ok()) ::close(*copy);
    return copied;
  }
  std::lock_guard lock(AllSpools().mutex);
  AllSpools().fds.emplace(name, *copy);
  return SpooledInput(name, *copy);
}

SpooledInput::SpooledInput(SpooledInput&& other) noexcept
    : name_(std::move(other.name_)), fd_(std::exchange(other.fd_, -1)) {}

SpooledInput& SpooledInput::operator=(SpooledInput&& other) noexcept {
  if (this != &other) {
    Release();
    name_ = std::move(other.name_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SpooledInput::~SpooledInput() { Release(); }

void SpooledInput::Release() {
  if (fd_ < 0) return;
  {
    std::lock_guard lock(AllSpools().mutex);
    AllSpools().fds.erase(name_);
  }
  ::close(fd_);
  fd_ = -1;
}

std::string OpenablePath(const std::string& name) {
  std::lock_guard lock(AllSpools().mutex);
  const auto it = AllSpools().fds.find(name);
  // Opening the descriptor's /proc entry gives a reading of its own, from the first byte.
  return it == AllSpools().fds.end() ? name : fmt::format("/proc/self/fd/{}", it->second);
}

Result<std::unique_ptr<ByteSource>> ByteSource::OpenFile(const std::string& path) {
  const int fd = ::open(OpenablePath(path).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, std::error_code(errno, std::generic_category()));
  return Detect(path, BufferedInput(std::make_unique<FileInput>(fd, path)));
}

Result<std::unique_ptr<ByteSource>> ByteSource::FromMemory(std::string_view bytes,
                                                           std::string name) {
  return Detect(std::move(name), BufferedInput(std::make_unique<MemoryInput>(bytes)));
}

LineReader::LineReader(std::unique_ptr<ByteSource> source, size_t chunk_size, size_t max_line)
    : source_(std::move(source)),
      chunk_size_(std::max<size_t>(chunk_size, 1)),
      max_line_(max_line),
      buffer_(chunk_size_ + kLinePadding) {}

bool LineReader::Next(Line& line) {
  if (!status_.ok()) return false;
  while (!FindLine(line)) {
    if (end_ - begin_ > max_line_) DropOverlongPart();
    if (at_eof_) {
      if (begin_ == end_ && !dropping_) return false;
      line = Emit(end_, end_);  // the last line, with no newline after it
      return true;
    }
    if (!ReadMore()) return false;
  }
  return true;
}

bool LineReader::FindLine(Line& line) {
  const char* data = buffer_.data();
  const void* newline = std::memchr(data + scanned_, '\n', end_ - scanned_);
  if (newline == nullptr) {
    scanned_ = end_;
    return false;
  }
  const auto end = static_cast<size_t>(static_cast<const char*>(newline) - data);
  line = Emit(end, end + 1);
  return true;
}

Line LineReader::Emit(size_t end, size_t next) {
  size_t stop = end;
  if (stop > begin_ && buffer_[stop - 1] == '\r') --stop;
  Line line{{buffer_.data() + begin_, stop - begin_}, ++line_number_, buffer_.size() - begin_};
  if (dropping_ || line.text.size() > max_line_) {
    line.text = line.text.substr(0, 0);
    line.overlong = true;
    dropping_ = false;
  }
  begin_ = next;
  scanned_ = next;
  return line;
}

bool LineReader::ReadMore() {
  const bool first_read = bytes_read_ == 0;
  MakeRoom();
  const size_t room = buffer_.size() - kLinePadding - end_;
  auto got = source_->Read(buffer_.data() + end_, room);
  if (!got.ok()) {
    status_ = got.status();
    return false;
  }
  at_eof_ = *got == 0;
  end_ += *got;
  bytes_read_ += *got;
  // Windows tools start UTF-8 files with a byte-order mark; it is not part of the first record.
  if (first_read && StartsWith({buffer_.data(), end_}, "\xEF\xBB\xBF")) begin_ = scanned_ = 3;
  return true;
}

// Forgets the bytes of a line already past the limit; the rest of it is dropped as it comes.
void LineReader::DropOverlongPart() {
  dropping_ = true;
  begin_ = scanned_ = end_;
}

// Moves the unfinished line to the front; grows the buffer only when that line fills most of it,
// so that memory is bounded by the chunk size plus the longest line.
void LineReader::MakeRoom() {
  std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
  end_ -= begin_;
  scanned_ -= begin_;
  begin_ = 0;
  const size_t room = buffer_.size() - kLinePadding - end_;
  if (room < chunk_size_ / 2 + 1) buffer_.resize(end_ + chunk_size_ + kLinePadding);
}

}  // namespace fiducia
