#include "sources/call_log.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <stdexcept>

#include "common/strings.h"
#include "common/time_text.h"
#include "model/handle.h"
#include "sources/csv_rows.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view kEventPrefix = "call-";
// Columns read by these fixed names when the header has them; the config does not name them.
constexpr std::string_view kIdColumn = "id";          // the log's own call id
constexpr std::string_view kCalleeColumn = "callee";  // the number called, for outbound calls
// Who answers when the log has no agent column and the config names no company.
constexpr std::string_view kDefaultAgent = "company";
// Values quoted in error messages are cut here: a message stays short whatever the input.
constexpr size_t kMaxQuoted = 40;
constexpr std::string_view kOverlong =
    "a record longer than 16 MiB (a quote left open?): skipped to the end of its line";

std::string Quoted(std::string_view value) {
  if (value.size() <= kMaxQuoted) return fmt::format("'{}'", value);
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;  // whole chars
  return fmt::format("'{}…'", value.substr(0, cut));
}

// --- Columns -----------------------------------------------------------------------------------

struct CallColumns {
  size_t caller = 0;
  size_t start = 0;
  std::optional<size_t> agent;
  std::optional<size_t> duration;
  std::optional<size_t> outcome;
  std::optional<size_t> notes;
  std::optional<size_t> direction;
  std::optional<size_t> callee;
  std::optional<size_t> id;
  size_t count = 0;
};

Result<CallColumns> MapColumns(const std::vector<std::string>& header,
                               const CallLogColumns& names) {
  CallColumns c;
  c.count = header.size();
  for (const auto& [key, name, index] : {std::tuple{"caller", &names.caller, &c.caller},
                                         std::tuple{"start", &names.start, &c.start}}) {
    const auto found = FindCsvColumn(header, *name);
    if (!found) {
      return Status::InvalidInput(fmt::format(
          "the header has no column '{}' (set its name in [sources.call_log] {})", *name, key));
    }
    *index = *found;
  }
  c.agent = FindCsvColumn(header, names.agent);
  c.duration = FindCsvColumn(header, names.duration);
  c.outcome = FindCsvColumn(header, names.outcome);
  c.notes = FindCsvColumn(header, names.notes);
  c.direction = FindCsvColumn(header, names.direction);
  c.callee = FindCsvColumn(header, kCalleeColumn);
  c.id = FindCsvColumn(header, kIdColumn);
  return c;
}

// The cell of an optional column; empty when the log has no such column.
std::string_view Cell(const CsvRecord& record, std::optional<size_t> column) {
  return column ? std::string_view(record.fields[*column]) : std::string_view();
}

// --- Values ------------------------------------------------------------------------------------

Result<Direction> ParseCallDirection(std::string_view text) {
  static constexpr std::array<std::string_view, 8> kIn = {
      "", "in", "inbound", "incoming", "entrata", "in entrata", "ricevuta", "in arrivo"};
  static constexpr std::array<std::string_view, 7> kOut = {
      "out", "outbound", "outgoing", "uscita", "in uscita", "effettuata", "in partenza"};
  const std::string value = AsciiLower(TrimAsciiSpace(text));
  if (std::find(kIn.begin(), kIn.end(), value) != kIn.end()) return Direction::kIn;
  if (std::find(kOut.begin(), kOut.end(), value) != kOut.end()) return Direction::kOut;
  return Status::InvalidInput(fmt::format(
      "direction {} is neither in (inbound, entrata) nor out (outbound, uscita)", Quoted(text)));
}

// Reads 1 to `max_digits` digits off the front of `rest`.
bool TakeNumber(std::string_view& rest, size_t max_digits, int& out, size_t& digits) {
  out = 0;
  digits = 0;
  while (digits < rest.size() && digits < max_digits && rest[digits] >= '0' &&
         rest[digits] <= '9') {
    out = out * 10 + (rest[digits++] - '0');
  }
  rest.remove_prefix(digits);
  return digits > 0;
}

bool TakeChar(std::string_view& rest, std::string_view allowed, char& which) {
  if (rest.empty() || allowed.find(rest.front()) == std::string_view::npos) return false;
  which = rest.front();
  rest.remove_prefix(1);
  return true;
}

// "2026-03-02", "2026/03/02", or day first as Italian exports write it: "02/03/2026", "2.3.2026".
std::optional<date::year_month_day> TakeLocalDate(std::string_view& rest) {
  int a = 0, b = 0, c = 0;
  size_t na = 0, nb = 0, nc = 0;
  char separator = 0, again = 0;
  if (!TakeNumber(rest, 4, a, na) || !TakeChar(rest, "-/.", separator) ||
      !TakeNumber(rest, 2, b, nb) || !TakeChar(rest, std::string_view(&separator, 1), again) ||
      !TakeNumber(rest, 4, c, nc) || (na == 4) == (nc == 4)) {
    return std::nullopt;
  }
  const int year = na == 4 ? a : c;
  const int day = na == 4 ? c : a;
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(b)),
                                 date::day(static_cast<unsigned>(day))};
  // Far-off years are typing errors, and outside what time zone rules are known for.
  if (!ymd.ok() || year < 1900 || year > 2200) return std::nullopt;
  return ymd;
}

// "09:14", "9:14:05", "09:14:05.250" or "09:14:05,250" (the fraction dropped): the time of day.
std::optional<seconds> TakeClock(std::string_view& rest) {
  int h = 0, m = 0, s = 0;
  size_t nh = 0, nm = 0, ns = 2;
  char mark = 0;
  if (!TakeNumber(rest, 2, h, nh) || !TakeChar(rest, ":", mark) || !TakeNumber(rest, 2, m, nm)) {
    return std::nullopt;
  }
  if (TakeChar(rest, ":", mark)) {
    if (!TakeNumber(rest, 2, s, ns)) return std::nullopt;
    if (TakeChar(rest, ".,", mark)) {
      while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9') rest.remove_prefix(1);
    }
  }
  if (nm != 2 || ns != 2 || h > 23 || m > 59 || s > 60) return std::nullopt;
  return hours(h) + minutes(m) + seconds(std::min(s, 59));  // a leap second stays in its minute
}

std::optional<date::local_seconds> ParseLocalTime(std::string_view text) {
  char separator = 0;
  const auto day = TakeLocalDate(text);
  if (!day || !TakeChar(text, " T", separator)) return std::nullopt;
  const auto clock = TakeClock(text);
  if (!clock || !text.empty()) return std::nullopt;
  return date::local_days(*day) + *clock;
}

// A local time in `zone`. In the hour the clocks go back the earlier of the two instants is taken;
// a time the clocks skip (spring) is the instant they change.
Result<Timestamp> InZone(date::local_seconds local, const date::time_zone& zone) {
  try {
    const date::sys_seconds at = zone.to_sys(local, date::choose::earliest);
    const auto offset = std::chrono::duration_cast<minutes>(zone.get_info(at).offset);
    return Timestamp{Instant(at), offset};
  } catch (const std::exception& e) {  // date reports a damaged zone database by exceptions
    return Status::InvalidInput(
        fmt::format("cannot place a local time in {}: {}", zone.name(), e.what()));
  }
}

Result<Timestamp> ParseStart(std::string_view text, const date::time_zone& zone) {
  if (auto at = ParseRfc3339(text); at.ok()) return at;
  if (const auto local = ParseLocalTime(text)) return InZone(*local, zone);
  return Status::InvalidInput(fmt::format(
      "start {} is not a time: 2026-03-02T09:14:00+01:00, or local 2026-03-02 09:14[:SS] or "
      "02/03/2026 09:14[:SS]",
      Quoted(text)));
}

constexpr int64_t kLongestCall = std::numeric_limits<int32_t>::max();  // what duration_s holds

Status BadDuration(std::string_view text) {
  return Status::InvalidInput(
      fmt::format("duration {} is not seconds (95, 95.0) nor H:MM:SS or MM:SS", Quoted(text)));
}

// "95", "95.0", "95,5" (Italian Excel): seconds, rounded to the nearest.
Result<int32_t> ParseSeconds(std::string_view text) {
  const size_t point = text.find_first_of(".,");
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  int64_t s = 0;
  const auto [end, error] = std::from_chars(whole.data(), whole.data() + whole.size(), s);
  if (whole.empty() || error != std::errc() || end != whole.data() + whole.size() || s < 0 ||
      fraction.find_first_not_of("0123456789") != std::string_view::npos || s > kLongestCall) {
    return BadDuration(text);
  }
  if (!fraction.empty() && fraction.front() >= '5') ++s;
  return static_cast<int32_t>(std::min(s, kLongestCall));
}

// "1:35" (MM:SS) or "0:01:35" (H:MM:SS): the first part may have any number of digits, the others
// two, below 60.
Result<int32_t> ParseClockDuration(std::string_view text) {
  std::array<int64_t, 3> parts{};
  size_t count = 0;
  for (std::string_view rest = text;;) {
    const size_t colon = rest.find(':');
    const std::string_view part = rest.substr(0, colon);
    int64_t n = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), n);
    if (count == parts.size() || part.empty() || error != std::errc() ||
        end != part.data() + part.size() || n < 0 || (count > 0 && (part.size() != 2 || n > 59))) {
      return BadDuration(text);
    }
    parts[count++] = n;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  if (count < 2) return BadDuration(text);
  int64_t total = 0;
  for (size_t i = 0; i < count; ++i) total = std::min(total * 60 + parts[i], kLongestCall);
  return static_cast<int32_t>(total);
}

// -1 for an empty cell: the duration is not known.
Result<int32_t> ParseCallDuration(std::string_view text) {
  text = TrimAsciiSpace(text);
  if (text.empty()) return -1;
  if (text.find(':') != std::string_view::npos) return ParseClockDuration(text);
  return ParseSeconds(text);
}

bool IsMissedOutcome(std::string_view outcome, const std::vector<std::string>& missed) {
  const std::string value = AsciiLower(TrimAsciiSpace(outcome));
  if (value.empty()) return false;
  return std::any_of(missed.begin(), missed.end(),
                     [&](const std::string& m) { return AsciiLower(TrimAsciiSpace(m)) == value; });
}

// What PBXs write for a caller who hid the number: nobody to call back, no customer.
bool IsWithheld(std::string_view number) {
  static constexpr std::array<std::string_view, 12> kWithheld = {
      "anonymous", "anonimo",     "private",  "privato",    "private number", "numero privato",
      "unknown",   "sconosciuto", "withheld", "restricted", "riservato",      "unavailable"};
  const std::string value = AsciiLower(TrimAsciiSpace(number));
  return std::find(kWithheld.begin(), kWithheld.end(), value) != kWithheld.end();
}

// --- Rows --------------------------------------------------------------------------------------

// One row's values, checked.
struct Call {
  Direction direction = Direction::kIn;
  std::string_view number;  // the customer's: the caller, or the callee of an outbound call
  Timestamp start;
  int32_t duration_s = -1;
  std::string_view agent;
  bool missed_outcome = false;
  std::string_view notes;
  std::string_view id;
};

}  // namespace

// Reads each row into one phone event. Kept behind the reader so that the zone is looked up once.
class CallLogReader::Rows {
 public:
  explicit Rows(const SourceSettings& settings);
  Status Read(CsvRowReader& rows, const std::string& name, IngestSink& sink) const;

 private:
  Status Row(const CsvRecord& record, const CallColumns& columns, const std::string& name,
             IngestSink& sink) const;
  Result<Call> ParseCall(const CsvRecord& record, const CallColumns& columns) const;
  Result<std::string_view> Number(const CsvRecord& record, const CallColumns& columns,
                                  Direction direction) const;
  Status Add(const Call& call, bool has_agent_column, IngestSink& sink) const;
  static std::string EventId(const Call& call, std::string_view customer);

  CallLogColumns names_;
  std::string zone_name_;
  const date::time_zone* zone_ = nullptr;
  std::string company_agent_;
};

CallLogReader::Rows::Rows(const SourceSettings& settings)
    : names_(settings.call_log),
      zone_name_(settings.time_zone),
      zone_(FindTimeZone(zone_name_)),
      company_agent_(settings.company.names.empty() ? std::string(kDefaultAgent)
                                                    : settings.company.names.front()) {}

Status CallLogReader::Rows::Read(CsvRowReader& rows, const std::string& name,
                                 IngestSink& sink) const {
  if (zone_ == nullptr) {
    return Status::Usage(fmt::format(
        "unknown time zone '{}' ([sources] time_zone): cannot read call logs", zone_name_));
  }
  CsvRecord header;
  if (!rows.Next(header)) return rows.status();  // an empty file holds no calls
  const auto columns = MapColumns(header.fields, names_);
  if (!columns.ok()) {
    return sink.Reject({name, header.line, std::string(columns.status().message())});
  }
  Status status;
  for (CsvRecord record; status.ok() && rows.Next(record);) {
    if (!sink.CountRecord(name)) return sink.RecordLimitReached(name, record.line);
    status = Row(record, *columns, name, sink);
  }
  return status.ok() ? rows.status() : status;
}

Status CallLogReader::Rows::Row(const CsvRecord& record, const CallColumns& columns,
                                const std::string& name, IngestSink& sink) const {
  if (record.overlong) return sink.Reject({name, record.line, std::string(kOverlong)});
  const auto call = ParseCall(record, columns);
  Status added = call.ok() ? Add(*call, columns.agent.has_value(), sink) : call.status();
  if (added.ok()) return added;
  return sink.Reject({name, record.line, std::string(added.message())});
}

Result<Call> CallLogReader::Rows::ParseCall(const CsvRecord& record,
                                            const CallColumns& columns) const {
  if (record.fields.size() != columns.count) {
    return Status::InvalidInput(
        fmt::format("{} fields where the header has {}", record.fields.size(), columns.count));
  }
  Call call;
  auto direction = ParseCallDirection(Cell(record, columns.direction));
  if (!direction.ok()) return direction.status();
  call.direction = *direction;
  auto number = Number(record, columns, call.direction);
  if (!number.ok()) return number.status();
  call.number = *number;
  auto start = ParseStart(TrimAsciiSpace(record.fields[columns.start]), *zone_);
  if (!start.ok()) return start.status();
  call.start = *start;
  auto duration = ParseCallDuration(Cell(record, columns.duration));
  if (!duration.ok()) return duration.status();
  call.duration_s = *duration;
  call.agent = TrimAsciiSpace(Cell(record, columns.agent));
  call.missed_outcome = IsMissedOutcome(Cell(record, columns.outcome), names_.missed_outcomes);
  call.notes = Cell(record, columns.notes);
  call.id = TrimAsciiSpace(Cell(record, columns.id));
  return call;
}

// The customer's number: the caller's, but for an outbound call the callee's when the log has a
// callee column (else the log keeps the customer's number in the caller column). It must look like
// a phone number: a short internal extension or a name is nobody fiducia can call back.
Result<std::string_view> CallLogReader::Rows::Number(const CsvRecord& record,
                                                     const CallColumns& columns,
                                                     Direction direction) const {
  const bool callee = direction == Direction::kOut && columns.callee.has_value();
  const std::string_view column = callee ? kCalleeColumn : std::string_view(names_.caller);
  const std::string_view number =
      TrimAsciiSpace(record.fields[callee ? *columns.callee : columns.caller]);
  if (number.empty()) return Status::InvalidInput(fmt::format("{} is empty", column));
  if (IsWithheld(number)) {
    return Status::InvalidInput(
        fmt::format("{} {}: a withheld number, no customer to call back", column, Quoted(number)));
  }
  if (ClassifyHandle(number) != HandleKind::kPhone) {  // an extension, a name: no customer's line
    return Status::InvalidInput(fmt::format("{} {} is not a phone number", column, Quoted(number)));
  }
  return number;
}

// The id of the log's id column, else a hash (FNV-1a, stable across runs and machines) of what
// tells two calls apart: the same row read again gets the same id (re-import is idempotent), a
// call passed on to another agent another one.
std::string CallLogReader::Rows::EventId(const Call& call, std::string_view customer) {
  if (!call.id.empty()) return fmt::format("{}{}", kEventPrefix, call.id);
  const std::string key =
      fmt::format("{}\x1f{}\x1f{}\x1f{}", customer, call.start.at.time_since_epoch().count(),
                  call.agent, call.direction == Direction::kIn ? "in" : "out");
  return fmt::format("{}{:016x}", kEventPrefix, Fnv1a(key));
}

// An inbound call nobody took (no agent, a missed outcome, or 0 s) becomes the one shape the rules
// read as missed: no agent, 0 s. An outbound one keeps its agent, and 0 s says that the customer
// did not answer (so that it does not count as an answer).
Status CallLogReader::Rows::Add(const Call& call, bool has_agent_column, IngestSink& sink) const {
  auto customer = sink.Handle(call.number);
  if (!customer.ok()) return customer.status();
  const bool inbound = call.direction == Direction::kIn;
  // A log without agents does not say who answered; an outbound call is the company's anyway.
  const std::string_view agent =
      call.agent.empty() && (!has_agent_column || !inbound) ? company_agent_ : call.agent;
  const bool missed = call.missed_outcome || call.duration_s == 0 || agent.empty();
  Event e;
  e.at = call.start.at;
  e.offset_minutes = static_cast<int16_t>(call.start.offset.count());
  e.type = EventType::kMessage;
  e.channel = Channel::kPhone;
  e.direction = call.direction;
  e.customer = *customer;
  e.agent = missed && inbound ? kNoSymbol : sink.Intern(agent);
  e.duration_s = missed ? 0 : call.duration_s;
  sink.Add(EventId(call, sink.corpus().symbols().Name(*customer)), std::move(e), call.notes);
  return Status::Ok();
}

// --- The reader --------------------------------------------------------------------------------

CallLogReader::CallLogReader(const SourceSettings& settings)
    : rows_(std::make_unique<Rows>(settings)) {}
CallLogReader::~CallLogReader() = default;

Status CallLogReader::Read(const std::filesystem::path& path, IngestSink& sink) {
  auto source = ByteSource::OpenFile(path.string());
  if (!source.ok()) return source.status();
  return ReadFrom(std::move(*source), sink);
}

Status CallLogReader::ReadFrom(std::unique_ptr<ByteSource> source, IngestSink& sink) {
  const std::string name = source->name();
  ++sink.report().files;
  CsvRowReader rows(std::move(source));
  Status status = rows_->Read(rows, name, sink);
  sink.report().bytes += rows.bytes_read();
  return status;
}

bool LooksLikeCallLog(std::string_view head, const SourceSettings& settings) {
  const std::vector<std::string> header = ReadCsvHeader(head);
  return FindCsvColumn(header, settings.call_log.caller) &&
         FindCsvColumn(header, settings.call_log.start);
}

std::unique_ptr<SourceReader> MakeCallLogReader(const SourceSettings& settings) {
  return std::make_unique<CallLogReader>(settings);
}

}  // namespace fiducia
