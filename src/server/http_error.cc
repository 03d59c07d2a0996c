#include "server/http_error.h"

namespace fiducia {
namespace {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidInput:
    case StatusCode::kUsage:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kIoError:
      return 503;
  }
  return 500;
}

std::string_view CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid_input";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kIoError:
      return "unavailable";
    case StatusCode::kUsage:
      return "bad_request";
  }
  return "internal";
}

}  // namespace

HttpError::HttpError(const Status& status)
    : HttpError(HttpStatusOf(status.code()), CodeName(status.code()), status.message()) {}

}  // namespace fiducia
