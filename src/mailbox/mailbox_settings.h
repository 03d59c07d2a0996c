// One support mailbox `fiducia serve` reads live over IMAP: what [[serve.mailbox]] in the config
// says (src/config reads it; the URL and the CA file are checked when the watcher is created).
#pragma once

#include <chrono>
#include <string>

namespace fiducia {

// The inbox holds the customers' messages, the sent folder the team's answers.
struct MailboxSettings {
  std::string name;          // in logs and /metrics; empty: the user
  std::string url;           // imaps://host[:port]; imap:// only on loopback
  std::string user;          // the login
  std::string password;      // or, better, password_env: never logged
  std::string password_env;  // the environment variable that holds the password
  // A PEM file of the CA certificates trusted for this server instead of the system's store: a
  // server whose certificate is self-signed or from a private CA. Empty: the system's store.
  std::string ca_file;
  std::string inbox = "INBOX";
  std::string sent = "Sent";  // empty: no sent folder is read
  // The mailbox's own address, a company address for the e-mail reader; empty: the user when it
  // is an address.
  std::string address;
  std::string workspace = "default";
  std::chrono::seconds poll_every = std::chrono::seconds(60);  // when the server has no IDLE
  std::string Name() const { return name.empty() ? user : name; }
};

}  // namespace fiducia
