#include "server/access.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <random>

namespace fiducia {

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "viewer") return Role::kViewer;
  if (name == "agent") return Role::kAgent;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

std::string HashToken(std::string_view token) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::string NewToken() {
  std::random_device random;  // the system's random source, not a seeded generator
  std::string hex;
  for (int i = 0; i < 8; ++i) hex += fmt::format("{:08x}", random());
  return hex;
}

bool IsWorkspaceName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

bool Allows(Role role, std::string_view method, std::string_view path) {
  if (role == Role::kAdmin || method == "GET") return true;
  return role == Role::kAgent && method == "POST" && (path == "/v1/events" || path == "/v1/coach");
}

}  // namespace fiducia
