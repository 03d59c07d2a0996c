#include "model/e164.h"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <array>
#include <cstdint>
#include <string>

// libphonenumber's compiled-in metadata (its metadata.h, not installed): the same bytes its
// PhoneNumberUtil loads, read here for the national prefixes its parser strips.
namespace i18n::phonenumbers {
// NOLINTBEGIN(readability-identifier-naming): libphonenumber's own names
int metadata_size();
const void* metadata_get();
// NOLINTEND(readability-identifier-naming)
}  // namespace i18n::phonenumbers

namespace fiducia {
namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

constexpr size_t kMinDigits = 8;
constexpr size_t kMaxDigits = 15;
constexpr size_t kMaxCallingCodeLength = 3;  // PhoneNumberUtil::kMaxLengthCountryCode
constexpr int kCallingCodes = 1000;

// What the parser does after the calling code, for one calling code.
struct CallingCode {
  bool known = false;
  // The parser may strip a national prefix it finds with a regular expression: never decided here.
  bool prefix_is_pattern = false;
  // A national prefix of digits only: numbers starting with it are left to the parser.
  std::string literal_prefix;
};

bool AllDigits(std::string_view s) {
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The metadata the parser uses for `code`: that of the calling code's main region, or of the
// non-geographical entity ("001") for codes such as 800.
void Describe(const PhoneMetadata& metadata, const PhoneNumberUtil& util,
              std::array<CallingCode, kCallingCodes>& codes) {
  const int code = metadata.country_code();
  if (code <= 0 || code >= kCallingCodes) return;
  std::string region;
  util.GetRegionCodeForCountryCode(code, &region);
  if (region != metadata.id()) return;
  CallingCode& entry = codes[static_cast<size_t>(code)];
  const std::string& prefix = metadata.national_prefix_for_parsing();
  entry.known = true;
  entry.prefix_is_pattern = !AllDigits(prefix);
  entry.literal_prefix = entry.prefix_is_pattern ? std::string() : prefix;
}

std::array<CallingCode, kCallingCodes> LoadCallingCodes() {
  std::array<CallingCode, kCallingCodes> codes{};
  PhoneMetadataCollection collection;
  // Unreadable metadata leaves every code unknown: every number goes to the parser.
  if (!collection.ParseFromArray(i18n::phonenumbers::metadata_get(),
                                 i18n::phonenumbers::metadata_size())) {
    return codes;
  }
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  for (const PhoneMetadata& metadata : collection.metadata()) Describe(metadata, util, codes);
  return codes;
}

const std::array<CallingCode, kCallingCodes>& CallingCodes() {
  static const std::array<CallingCode, kCallingCodes> kCodes = LoadCallingCodes();
  return kCodes;
}

// The parser's ExtractCountryCode: the shortest leading digits that are a known calling code.
size_t CallingCodeLength(std::string_view digits,
                         const std::array<CallingCode, kCallingCodes>& codes) {
  int code = 0;
  for (size_t length = 1; length <= kMaxCallingCodeLength; ++length) {
    code = code * 10 + (digits[length - 1] - '0');
    if (codes[static_cast<size_t>(code)].known) return length;
  }
  return 0;
}

// The number as the parser builds it: national number, and the leading zeros it keeps apart.
PhoneNumber Build(int calling_code, std::string_view national) {
  PhoneNumber number;
  number.set_country_code(calling_code);
  uint64_t value = 0;
  for (const char c : national) value = value * 10 + static_cast<uint64_t>(c - '0');
  number.set_national_number(value);
  if (national.size() > 1 && national.front() == '0') {
    number.set_italian_leading_zero(true);
    int zeros = 1;
    while (static_cast<size_t>(zeros) < national.size() - 1 && national[zeros] == '0') ++zeros;
    if (zeros != 1) number.set_number_of_leading_zeros(zeros);
  }
  return number;
}

}  // namespace

E164Verdict DecideE164(std::string_view handle) {
  if (handle.size() < kMinDigits + 1 || handle.size() > kMaxDigits + 1) {
    return E164Verdict::kUndecided;
  }
  if (handle.front() != '+') return E164Verdict::kUndecided;
  const std::string_view digits = handle.substr(1);
  // A leading 0 is no calling code; the parser then tries the number as dialled from the region.
  if (!AllDigits(digits) || digits.front() == '0') return E164Verdict::kUndecided;
  const auto& codes = CallingCodes();
  const size_t code_length = CallingCodeLength(digits, codes);
  if (code_length == 0) return E164Verdict::kUndecided;
  int calling_code = 0;
  for (const char c : digits.substr(0, code_length)) calling_code = calling_code * 10 + (c - '0');
  const CallingCode& code = codes[static_cast<size_t>(calling_code)];
  const std::string_view national = digits.substr(code_length);
  if (code.prefix_is_pattern) return E164Verdict::kUndecided;
  if (!code.literal_prefix.empty() && national.starts_with(code.literal_prefix)) {
    return E164Verdict::kUndecided;
  }
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  return util.IsPossibleNumber(Build(calling_code, national)) ? E164Verdict::kPossible
                                                              : E164Verdict::kImpossible;
}

}  // namespace fiducia
