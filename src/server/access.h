// Who may do what on `fiducia serve`: API tokens, stored only as their SHA-256, each with a role.
// A viewer reads; an agent also posts events and drafts; an admin may do everything. While no
// token has been issued the server is open (a first set-up on one machine); once one exists every
// request but /healthz and /metrics needs `Authorization: Bearer <token>`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fiducia {

enum class Role { kViewer, kAgent, kAdmin };
std::optional<Role> ParseRole(std::string_view name);  // "viewer", "agent", "admin"

// The SHA-256 of a token, in hex: what the store keeps.
std::string HashToken(std::string_view token);
// A new token: 32 random bytes in hex, from the system's random source.
std::string NewToken();
// A workspace's name: 1 to 64 of A-Z a-z 0-9 . _ - (it appears in alerts and logs).
bool IsWorkspaceName(std::string_view name);
// Whether `role` may send `method` to `path`.
bool Allows(Role role, std::string_view method, std::string_view path);

}  // namespace fiducia
