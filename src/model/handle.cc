#include "model/handle.h"

#include <fmt/format.h>
#include <phonenumbers/phonenumberutil.h>

#include <string>

#include "common/strings.h"
#include "model/e164.h"

namespace fiducia {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Fewer digits than this are an extension, a ticket number or a CRM id, not a phone number.
constexpr int kMinPhoneDigits = 6;
// Longer phone-like text is no phone number; cut off before libphonenumber's regular expressions.
constexpr size_t kLongestPhone = 64;
// Handles quoted in error messages are cut here: the message must stay short whatever the input.
constexpr size_t kMaxQuoted = 40;

bool LooksLikeEmail(std::string_view s) {
  const size_t at = s.rfind('@');
  return at != std::string_view::npos && s.front() != '@' &&
         s.find('.', at + 1) != std::string_view::npos;
}

bool LooksLikePhone(std::string_view s) {
  int digits = 0;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (std::string_view(" +-.()").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= kMinPhoneDigits;
}

Status NotAPhoneNumber(std::string_view raw) {
  // A phone-like handle holds only digits and punctuation, so cutting it cannot split a character.
  const std::string_view shown = raw.substr(0, kMaxQuoted);
  return Status::InvalidInput(
      fmt::format("'{}{}' is not a valid phone number", shown, raw.size() > kMaxQuoted ? "…" : ""));
}

Result<std::string> NormalisePhone(std::string_view raw, std::string_view default_region) {
  if (raw.size() > kLongestPhone) return NotAPhoneNumber(raw);
  switch (DecideE164(raw)) {
    case E164Verdict::kPossible:
      return std::string(raw);
    case E164Verdict::kImpossible:
      return NotAPhoneNumber(raw);
    case E164Verdict::kUndecided:
      break;
  }
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const auto error = util.Parse(std::string(raw), std::string(default_region), &number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR || !util.IsPossibleNumber(number)) {
    return NotAPhoneNumber(raw);
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

}  // namespace

HandleKind ClassifyHandle(std::string_view raw) {
  const std::string_view s = TrimAsciiSpace(raw);
  if (s.empty()) return HandleKind::kOther;
  if (LooksLikeEmail(s)) return HandleKind::kEmail;
  if (s.front() == '@') return HandleKind::kSocial;
  if (LooksLikePhone(s)) return HandleKind::kPhone;
  return HandleKind::kOther;
}

Result<std::string> NormaliseHandle(std::string_view raw, std::string_view default_region) {
  const std::string_view s = TrimAsciiSpace(raw);
  switch (ClassifyHandle(s)) {
    case HandleKind::kEmail:
      return AsciiLower(s);
    case HandleKind::kSocial: {
      const std::string_view name = TrimAsciiSpace(s.substr(1));
      if (name.empty()) break;  // "@" alone names nobody
      return AsciiLower(name);
    }
    case HandleKind::kPhone:
      return NormalisePhone(s, default_region);
    case HandleKind::kOther:
      if (s.empty()) break;
      return std::string(s);
  }
  return Status::InvalidInput("the handle is empty");
}

Result<std::string> HandleNormaliser::Normalise(std::string_view raw) {
  if (ClassifyHandle(raw) != HandleKind::kPhone) return NormaliseHandle(raw, region_);
  if (auto it = phones_.find(raw); it != phones_.end()) return it->second;
  auto handle = NormaliseHandle(raw, region_);
  if (!handle.ok()) return handle;
  if (phones_.size() >= kMaxCached) phones_.clear();
  phones_.emplace(raw, *handle);
  return handle;
}

}  // namespace fiducia
