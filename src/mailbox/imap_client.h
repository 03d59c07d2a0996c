// One IMAP connection, through libetpan (Debian's libetpan: IMAP4rev1 with IDLE, UIDs, APPEND).
// TLS is implicit TLS (imaps://, port 993 by default, RFC 8314) done here with OpenSSL, which
// checks the server's certificate chain against the system's trust store (or the endpoint's
// ca_file, for a server with a certificate of its own making) and its name or IP address against
// the host; libetpan then speaks IMAP over that stream. Plain imap:// is taken only on loopback
// (the tests' Dovecot): a password never crosses a network in clear. Passwords are sent, never
// logged: no message of this file holds one.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

struct mailimap;

namespace fiducia {

struct ImapEndpoint {
  std::string host;
  uint16_t port = 993;
  bool tls = true;
  // PEM certificates trusted for this server instead of the system's store (a self-signed or
  // private-CA server); empty: the system's store.
  std::string ca_file;
  std::string ToString() const;  // imaps://host:port, for logs
};

// imaps://host[:port] or, on loopback only (localhost, 127.x, ::1), imap://host[:port]; a path,
// user or query is refused (the user and folders are their own keys). Usage on a bad URL.
Result<ImapEndpoint> ParseImapUrl(std::string_view url);

// What EXAMINE says of a folder.
struct FolderStatus {
  uint32_t uid_validity = 0;
  uint32_t uid_next = 0;
  uint32_t exists = 0;
};

class ImapClient {
 public:
  // Connects and reads the greeting. IoError when the server cannot be reached, the TLS
  // handshake or the certificate fails (the message then says why the certificate is not
  // trusted); `timeout` bounds each network read and write.
  static Result<std::unique_ptr<ImapClient>> Connect(const ImapEndpoint& endpoint,
                                                     std::chrono::seconds timeout);
  ~ImapClient();
  ImapClient(const ImapClient&) = delete;
  ImapClient& operator=(const ImapClient&) = delete;

  // Usage when the server refuses the user or password (retrying will not help until the config
  // changes); IoError when the connection failed.
  Status Login(const std::string& user, const std::string& password);
  // Opens `folder` read-only (EXAMINE: reading never marks a customer's mail seen).
  Result<FolderStatus> Examine(const std::string& folder);
  // The UIDs of the opened folder above `uid`, ascending.
  Result<std::vector<uint32_t>> UidsAfter(uint32_t uid);
  // The message's bytes (BODY.PEEK[]), at most `max_bytes` of them; NotFound when the UID is gone.
  Result<std::string> Fetch(uint32_t uid, size_t max_bytes);
  // Stores a message in `folder` (tests; also how a tool files mail).
  Status Append(const std::string& folder, std::string_view message);
  Status Noop();
  bool CanIdle() const;
  // IDLE on the opened folder until the server says something (true), `wait` passes (false), or
  // `wake_fd` (an eventfd or pipe, -1 for none) becomes readable (false): then DONE.
  Result<bool> Idle(std::chrono::milliseconds wait, int wake_fd);

 private:
  ImapClient(mailimap* session, std::string where) : session_(session), where_(std::move(where)) {}
  // `what` failed with libetpan's code `rc`: IoError naming the server and the step.
  Status Failed(std::string_view what, int rc) const;

  mailimap* session_;
  std::string where_;  // the endpoint, for messages
};

}  // namespace fiducia
