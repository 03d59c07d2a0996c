// The errors fiducia serve answers with. The domain's errors (common/status.h) map onto HTTP here,
// and the refusals that only HTTP has live here too, not in common: who asks (401, 403) and how
// much (413, 429, 431), and a restart not caught up yet (503). Every one of them answers in the one
// error shape (ErrorResponse).
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace fiducia {

class HttpError {
 public:
  // A domain error as HTTP: InvalidInput and Usage 400, NotFound 404, IoError (the store) 503,
  // anything else 500.
  HttpError(const Status& status);  // NOLINT(google-explicit-constructor): any Status answers

  static HttpError Unauthenticated(std::string_view why) { return {401, "unauthenticated", why}; }
  static HttpError Forbidden(std::string_view why) { return {403, "forbidden", why}; }
  static HttpError TooLarge(std::string_view why) { return {413, "too_large", why}; }
  static HttpError HeadersTooLarge(std::string_view why) { return {431, "too_large", why}; }
  static HttpError RateLimited(std::string_view why) { return {429, "rate_limited", why}; }
  // A restarted server that has not judged everything yet: what is not judged is not "not found".
  static HttpError CatchingUp(std::string_view why) { return {503, "catching_up", why}; }

  int http_status() const { return http_status_; }
  // The error shape's "code": "invalid_input", "not_found", "unauthenticated", …
  std::string_view code() const { return code_; }
  std::string_view message() const { return message_; }

 private:
  HttpError(int http_status, std::string_view code, std::string_view message)
      : http_status_(http_status), code_(code), message_(message) {}

  int http_status_;
  std::string_view code_;  // always a literal
  std::string message_;
};

}  // namespace fiducia
