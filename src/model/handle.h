// Customer handles compared as the spec says: e-mail lower-cased, phone numbers in E.164
// (default region IT) through libphonenumber, social handles without '@' and lower-cased.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace fiducia {

enum class HandleKind { kEmail, kPhone, kSocial, kOther };

// What a raw handle looks like: "a@b.it" e-mail, "+39 333 …" phone, "@name" social, else other.
HandleKind ClassifyHandle(std::string_view raw);

// The normalised handle; an error when it looks like a phone number that cannot be one, or is
// empty. `default_region` is an ISO 3166 code ("IT").
Result<std::string> NormaliseHandle(std::string_view raw, std::string_view default_region = "IT");

// NormaliseHandle with a memory: phone numbers go through libphonenumber's regular expressions,
// the slowest step of reading an event by far, and a customer writes many events, so each raw
// number is normalised once (the cache is bounded, whatever the input).
class HandleNormaliser {
 public:
  explicit HandleNormaliser(std::string region) : region_(std::move(region)) {}
  Result<std::string> Normalise(std::string_view raw);

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  static constexpr size_t kMaxCached = size_t{1} << 16;

  std::string region_;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> phones_;
};

}  // namespace fiducia
