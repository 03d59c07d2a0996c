// Tests only: `fiducia serve` as a real process on loopback, plain HTTP exchanges with it, and a
// webhook receiver that keeps every alert the servers send.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fiducia::serve_testing {

struct ServeProcess {
  pid_t pid = -1;
  int port = 0;
};

// Starts `fiducia serve --listen 127.0.0.1:0 ARGS...` and reads the port from its first line on
// standard error (the rest of its log is drained in the background).
std::optional<ServeProcess> StartServe(const std::vector<std::string>& args);

// One HTTP/1.1 exchange on its own connection; the whole response, or "" when it failed.
std::string Exchange(int port, const std::string& method, const std::string& target,
                     const std::string& body);

// A config for alert tests on the real clock: open every hour of every day in UTC (business time
// is wall time), chat target `chat_target`, a warning at half of it, a tick every second, and one
// generic webhook at `webhook_url`. Written to `path`.
void WriteAlertConfig(const std::string& path, std::chrono::seconds chat_target,
                      const std::string& webhook_url);

// An HTTP server on loopback that answers 200 to every POST and keeps its body.
class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::string url() const;
  std::vector<std::string> Bodies() const;
  // Waits until `count` bodies came or `limit` passed; the bodies then.
  std::vector<std::string> WaitFor(size_t count, std::chrono::seconds limit) const;

 private:
  void Serve();
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::vector<std::string> bodies_;
  std::thread thread_;
};

// "warning:ID" for a generic alert body {"alert":"warning",…,"message":"ID",…}.
std::string AlertKeyOf(const std::string& body);

}  // namespace fiducia::serve_testing
