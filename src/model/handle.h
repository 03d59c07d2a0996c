// Customer handles compared as the spec says: e-mail lower-cased, phone numbers in E.164
// (default region IT) through libphonenumber, social handles without '@' and lower-cased.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace fiducia {

enum class HandleKind { kEmail, kPhone, kSocial, kOther };

// What a raw handle looks like: "a@b.it" e-mail, "+39 333 …" phone, "@name" social, else other.
HandleKind ClassifyHandle(std::string_view raw);

// The normalised handle; an error when it looks like a phone number that cannot be one, or is
// empty. `default_region` is an ISO 3166 code ("IT").
Result<std::string> NormaliseHandle(std::string_view raw, std::string_view default_region = "IT");

}  // namespace fiducia
