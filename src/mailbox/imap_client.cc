#include "mailbox/imap_client.h"

#include <arpa/inet.h>
#include <fmt/format.h>
#include <libetpan/libetpan.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <utility>

#include "common/strings.h"

namespace fiducia {
namespace {

bool IsIpAddress(const std::string& host) {
  in6_addr address{};
  return inet_pton(AF_INET, host.c_str(), &address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

bool IsLoopback(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  in_addr address{};
  const std::string h(host);
  return inet_pton(AF_INET, h.c_str(), &address) == 1 && (ntohl(address.s_addr) >> 24) == 127;
}

// --- Implicit TLS under libetpan: a mailstream_low driver over an OpenSSL session ------------

struct TlsStream {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  int fd = -1;
};

void FreeTls(TlsStream* tls) {
  if (tls->ssl != nullptr) SSL_free(tls->ssl);
  if (tls->ctx != nullptr) SSL_CTX_free(tls->ctx);
  if (tls->fd >= 0) close(tls->fd);
  delete tls;
}

TlsStream* TlsOf(mailstream_low* low) { return static_cast<TlsStream*>(low->data); }

ssize_t TlsRead(mailstream_low* low, void* buffer, size_t size) {
  const int n =
      SSL_read(TlsOf(low)->ssl, buffer, static_cast<int>(std::min<size_t>(size, 1 << 30)));
  if (n > 0) return n;
  return SSL_get_error(TlsOf(low)->ssl, n) == SSL_ERROR_ZERO_RETURN ? 0 : -1;
}

ssize_t TlsWrite(mailstream_low* low, const void* buffer, size_t size) {
  const int n =
      SSL_write(TlsOf(low)->ssl, buffer, static_cast<int>(std::min<size_t>(size, 1 << 30)));
  return n > 0 ? n : -1;
}

int TlsClose(mailstream_low* low) {
  TlsStream* tls = TlsOf(low);
  if (tls->ssl != nullptr) SSL_shutdown(tls->ssl);
  if (tls->fd >= 0) close(tls->fd);
  tls->fd = -1;
  return 0;
}

int TlsFd(mailstream_low* low) { return TlsOf(low)->fd; }
void TlsFree(mailstream_low* low) {
  FreeTls(TlsOf(low));
  free(low);  // what mailstream_low_new allocated
}
void TlsCancel(mailstream_low*) {}
struct mailstream_cancel* TlsGetCancel(mailstream_low*) {
  return nullptr;
}
carray* TlsCertificates(mailstream_low*) { return nullptr; }
int TlsNoIdleSetup(mailstream_low*) { return -1; }

mailstream_low_driver tls_driver = {TlsRead,        TlsWrite,       TlsClose,      TlsFd,
                                    TlsFree,        TlsCancel,      TlsGetCancel,  TlsCertificates,
                                    TlsNoIdleSetup, TlsNoIdleSetup, TlsNoIdleSetup};

std::string OpensslError() {
  const unsigned long code = ERR_get_error();
  if (code == 0) return "TLS failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// A TCP connection to `endpoint`, each read and write bounded by `timeout`.
Result<int> ConnectTcp(const ImapEndpoint& endpoint, std::chrono::seconds timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(endpoint.port);
  if (int rc = getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &found); rc != 0) {
    return Status::IoError(fmt::format("{}: {}", endpoint.ToString(), gai_strerror(rc)));
  }
  int fd = -1;
  timeval limit{static_cast<time_t>(timeout.count()), 0};
  for (addrinfo* a = found; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd < 0) return Status::IoError(fmt::format("{}: cannot connect", endpoint.ToString()));
  return fd;
}

// Why the server's certificate was refused, in words an administrator can act on.
std::string CertificateRefused(long verify_result, const ImapEndpoint& endpoint) {
  std::string why = fmt::format("the server's certificate is not trusted ({})",
                                X509_verify_cert_error_string(verify_result));
  switch (verify_result) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return why + (endpoint.ca_file.empty()
                        ? ": no CA of the system's store signed it; for a server with a "
                          "certificate of its own, name its CA in the mailbox's ca_file"
                        : fmt::format(": {} did not sign it", endpoint.ca_file));
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return why + fmt::format(": it does not name {}", endpoint.host);
    default:
      return why;
  }
}

// The TLS session on `fd` (taken), its certificate checked against the system's trust store (or
// the endpoint's ca_file) and the host: its DNS name, or its IP address when the URL gives one
// (then no SNI: RFC 6066 allows only names there).
Result<mailstream*> OpenTls(int fd, const ImapEndpoint& endpoint) {
  ERR_clear_error();  // the reasons given below are this handshake's
  auto* tls = new TlsStream;
  tls->fd = fd;
  tls->ctx = SSL_CTX_new(TLS_client_method());
  bool ok = tls->ctx != nullptr;
  if (ok) {
    SSL_CTX_set_min_proto_version(tls->ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(tls->ctx, SSL_VERIFY_PEER, nullptr);
    ok = endpoint.ca_file.empty()
             ? SSL_CTX_set_default_verify_paths(tls->ctx) == 1
             : SSL_CTX_load_verify_locations(tls->ctx, endpoint.ca_file.c_str(), nullptr) == 1;
    if (!ok && !endpoint.ca_file.empty()) {
      FreeTls(tls);
      return Status::IoError(fmt::format("{}: TLS: cannot read the CA certificates of {}: {}",
                                         endpoint.ToString(), endpoint.ca_file, OpensslError()));
    }
  }
  if (ok) ok = (tls->ssl = SSL_new(tls->ctx)) != nullptr;
  if (ok) {
    const char* host = endpoint.host.c_str();
    if (IsIpAddress(endpoint.host)) {
      ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls->ssl), host) == 1;
    } else {
      SSL_set_hostflags(tls->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      ok = SSL_set1_host(tls->ssl, host) == 1 && SSL_set_tlsext_host_name(tls->ssl, host) == 1;
    }
    ok = ok && SSL_set_fd(tls->ssl, fd) == 1 && SSL_connect(tls->ssl) == 1;
  }
  if (!ok) {
    std::string why = OpensslError();
    if (tls->ssl != nullptr && SSL_get_verify_result(tls->ssl) != X509_V_OK) {
      why = CertificateRefused(SSL_get_verify_result(tls->ssl), endpoint);
    }
    FreeTls(tls);
    return Status::IoError(fmt::format("{}: TLS: {}", endpoint.ToString(), why));
  }
  mailstream_low* low = mailstream_low_new(tls, &tls_driver);
  mailstream* stream = low ? mailstream_new(low, 8192) : nullptr;
  if (stream == nullptr) {
    if (low != nullptr) {
      mailstream_low_free(low);
    } else {
      FreeTls(tls);
    }
    return Status::IoError("out of memory");
  }
  return stream;
}

bool Succeeded(int rc) {
  return rc == MAILIMAP_NO_ERROR || rc == MAILIMAP_NO_ERROR_AUTHENTICATED ||
         rc == MAILIMAP_NO_ERROR_NON_AUTHENTICATED;
}

struct FetchListDeleter {
  void operator()(clist* list) const { mailimap_fetch_list_free(list); }
};
using FetchList = std::unique_ptr<clist, FetchListDeleter>;

// Each fetched message's static items: its UID and, when asked for, its body section.
template <typename Visit>
void ForEachFetched(clist* list, Visit visit) {
  for (clistiter* m = clist_begin(list); m != nullptr; m = clist_next(m)) {
    auto* message = static_cast<mailimap_msg_att*>(clist_content(m));
    uint32_t uid = 0;
    std::string_view body;
    bool has_body = false;
    for (clistiter* i = clist_begin(message->att_list); i != nullptr; i = clist_next(i)) {
      auto* item = static_cast<mailimap_msg_att_item*>(clist_content(i));
      if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC) continue;
      mailimap_msg_att_static* att = item->att_data.att_static;
      if (att->att_type == MAILIMAP_MSG_ATT_UID) uid = att->att_data.att_uid;
      if (att->att_type == MAILIMAP_MSG_ATT_BODY_SECTION && att->att_data.att_body_section) {
        const mailimap_msg_att_body_section* section = att->att_data.att_body_section;
        if (section->sec_body_part != nullptr) body = {section->sec_body_part, section->sec_length};
        has_body = true;
      }
    }
    visit(uid, body, has_body);
  }
}

}  // namespace

std::string ImapEndpoint::ToString() const {
  return fmt::format("{}://{}:{}", tls ? "imaps" : "imap", host, port);
}

Result<ImapEndpoint> ParseImapUrl(std::string_view url) {
  ImapEndpoint endpoint;
  std::string_view rest = url;
  if (rest.starts_with("imaps://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("imap://")) {
    rest.remove_prefix(7);
    endpoint.tls = false;
    endpoint.port = 143;
  } else {
    return Status::Usage(fmt::format("'{}' is no IMAP URL (imaps://host[:port])", url));
  }
  if (rest.ends_with('/')) rest.remove_suffix(1);
  if (rest.empty() || rest.find_first_of("/?#@") != std::string_view::npos) {
    return Status::Usage(fmt::format(
        "'{}': only imaps://host[:port] (the user and the folders are keys of their own)", url));
  }
  // host, host:port, [v6] or [v6]:port
  std::string_view host = rest, port_text;
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return Status::Usage(fmt::format("'{}': a bad host", url));
    host = rest.substr(1, close - 1);
    if (rest.size() > close + 1) {
      if (rest[close + 1] != ':') return Status::Usage(fmt::format("'{}': a bad host", url));
      port_text = rest.substr(close + 2);
    }
  } else if (const size_t colon = rest.find(':'); colon != std::string_view::npos) {
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (!port_text.empty() || rest.ends_with(':')) {
    unsigned port = 0;
    const auto [end, error] = std::from_chars(port_text.begin(), port_text.end(), port);
    if (error != std::errc() || end != port_text.end() || port == 0 || port > 65535) {
      return Status::Usage(fmt::format("'{}': a bad port", url));
    }
    endpoint.port = static_cast<uint16_t>(port);
  }
  if (host.empty()) return Status::Usage(fmt::format("'{}': no host", url));
  endpoint.host = std::string(host);
  if (!endpoint.tls && !IsLoopback(endpoint.host)) {
    return Status::Usage(fmt::format(
        "'{}': plain imap:// only on loopback; use imaps:// (a password is never sent in clear)",
        url));
  }
  return endpoint;
}

Result<std::unique_ptr<ImapClient>> ImapClient::Connect(const ImapEndpoint& endpoint,
                                                        std::chrono::seconds timeout) {
  mailimap* session = mailimap_new(0, nullptr);
  if (session == nullptr) return Status::IoError("out of memory");
  mailimap_set_timeout(session, timeout.count());
  std::unique_ptr<ImapClient> client(new ImapClient(session, endpoint.ToString()));
  int rc = MAILIMAP_NO_ERROR;
  if (endpoint.tls) {
    auto fd = ConnectTcp(endpoint, timeout);
    if (!fd.ok()) return fd.status();
    auto stream = OpenTls(*fd, endpoint);
    if (!stream.ok()) return stream.status();
    rc = mailimap_connect(session, *stream);
  } else {
    rc = mailimap_socket_connect(session, endpoint.host.c_str(), endpoint.port);
  }
  if (!Succeeded(rc)) return client->Failed("connect", rc);
  return client;
}

ImapClient::~ImapClient() {
  if (session_->imap_stream != nullptr) mailimap_logout(session_);
  mailimap_free(session_);
}

Status ImapClient::Failed(std::string_view what, int rc) const {
  std::string said;
  if (session_->imap_response != nullptr) said = session_->imap_response;
  return Status::IoError(fmt::format("{}: {} failed (libetpan error {}{}{})", where_, what, rc,
                                     said.empty() ? "" : ": ", said));
}

Status ImapClient::Login(const std::string& user, const std::string& password) {
  const int rc = mailimap_login(session_, user.c_str(), password.c_str());
  if (Succeeded(rc)) return Status::Ok();
  if (rc == MAILIMAP_ERROR_LOGIN) {
    const std::string said = session_->imap_response ? session_->imap_response : "";
    return Status::Usage(fmt::format("{}: the server refused the login of '{}'{}{}", where_, user,
                                     said.empty() ? "" : ": ", said));
  }
  return Failed("login", rc);
}

Result<FolderStatus> ImapClient::Examine(const std::string& folder) {
  const int rc = mailimap_examine(session_, folder.c_str());
  if (!Succeeded(rc)) return Failed(fmt::format("EXAMINE {}", folder), rc);
  FolderStatus status;
  if (const mailimap_selection_info* info = session_->imap_selection_info) {
    status.uid_validity = info->sel_uidvalidity;
    status.uid_next = info->sel_uidnext;
    status.exists = info->sel_exists;
  }
  return status;
}

Result<std::vector<uint32_t>> ImapClient::UidsAfter(uint32_t uid) {
  mailimap_set* set = mailimap_set_new_interval(uid + 1, 0);  // 0: "*"
  mailimap_fetch_type* type = mailimap_fetch_type_new_fetch_att_list_empty();
  mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid());
  clist* raw = nullptr;
  const int rc = mailimap_uid_fetch(session_, set, type, &raw);
  mailimap_fetch_type_free(type);
  mailimap_set_free(set);
  FetchList list(raw);
  if (!Succeeded(rc)) return Failed("UID FETCH (UID)", rc);
  std::vector<uint32_t> uids;
  // "n:*" also names the last message when every UID is below n: keep only those above.
  ForEachFetched(list.get(), [&](uint32_t u, std::string_view, bool) {
    if (u > uid) uids.push_back(u);
  });
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

Result<std::string> ImapClient::Fetch(uint32_t uid, size_t max_bytes) {
  mailimap_set* set = mailimap_set_new_single(uid);
  mailimap_fetch_type* type = mailimap_fetch_type_new_fetch_att_list_empty();
  mailimap_fetch_type_new_fetch_att_list_add(type, mailimap_fetch_att_new_uid());
  mailimap_fetch_type_new_fetch_att_list_add(
      type, mailimap_fetch_att_new_body_peek_section_partial(mailimap_section_new(nullptr), 0,
                                                             static_cast<uint32_t>(max_bytes)));
  clist* raw = nullptr;
  const int rc = mailimap_uid_fetch(session_, set, type, &raw);
  mailimap_fetch_type_free(type);
  mailimap_set_free(set);
  FetchList list(raw);
  if (!Succeeded(rc)) return Failed(fmt::format("UID FETCH {}", uid), rc);
  std::optional<std::string> bytes;
  ForEachFetched(list.get(), [&](uint32_t u, std::string_view body, bool has_body) {
    if (u == uid && has_body) bytes = std::string(body.substr(0, max_bytes));
  });
  if (!bytes) return Status::NotFound(fmt::format("{}: UID {} is gone", where_, uid));
  return *bytes;
}

Status ImapClient::Append(const std::string& folder, std::string_view message) {
  const int rc =
      mailimap_append(session_, folder.c_str(), nullptr, nullptr, message.data(), message.size());
  return Succeeded(rc) ? Status::Ok() : Failed(fmt::format("APPEND {}", folder), rc);
}

Status ImapClient::Noop() {
  const int rc = mailimap_noop(session_);
  return Succeeded(rc) ? Status::Ok() : Failed("NOOP", rc);
}

bool ImapClient::CanIdle() const { return mailimap_has_idle(session_) != 0; }

Result<bool> ImapClient::Idle(std::chrono::milliseconds wait, int wake_fd) {
  int rc = mailimap_idle(session_);
  if (!Succeeded(rc)) return Failed("IDLE", rc);
  const mailstream* stream = session_->imap_stream;
  bool spoke = stream->read_buffer_len > 0;
  if (stream->low->driver == &tls_driver) spoke = spoke || SSL_pending(TlsOf(stream->low)->ssl) > 0;
  if (!spoke) {
    pollfd fds[2] = {{mailimap_idle_get_fd(session_), POLLIN, 0}, {wake_fd, POLLIN, 0}};
    const int n = poll(fds, wake_fd >= 0 ? 2 : 1, static_cast<int>(wait.count()));
    spoke = n > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
  }
  rc = mailimap_idle_done(session_);
  if (!Succeeded(rc)) return Failed("DONE", rc);
  return spoke;
}

}  // namespace fiducia
