#include "common/status.h"

#include <fmt/format.h>

namespace fiducia {

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  return Status(code(), fmt::format("{}: {}", context, message()));
}

}  // namespace fiducia
