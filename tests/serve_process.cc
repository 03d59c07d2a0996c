#include "serve_process.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>

namespace fiducia::serve_testing {

std::optional<ServeProcess> StartServe(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return std::nullopt;
  std::vector<std::string> argv = {"fiducia", "serve", "--listen", "127.0.0.1:0"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> c_argv;
  for (std::string& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    execv(FIDUCIA_BINARY, c_argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string seen;
  char c = 0;
  while (read(pipe_fds[0], &c, 1) == 1) {
    seen += c;
    if (c != '\n') continue;
    const size_t at = seen.find("http://127.0.0.1:");
    if (at != std::string::npos) {
      // Keep draining the log in the background so that the server never blocks on it.
      std::thread([fd = pipe_fds[0]] {
        char buf[4096];
        while (read(fd, buf, sizeof buf) > 0) {
        }
        close(fd);
      }).detach();
      return ServeProcess{pid, std::stoi(seen.substr(at + 17))};
    }
  }
  close(pipe_fds[0]);
  fprintf(stderr, "fiducia serve did not start:\n%s\n", seen.c_str());
  return std::nullopt;
}

std::string Exchange(int port, const std::string& method, const std::string& target,
                     const std::string& body) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return "";
  }
  const std::string request = method + " " + target +
                              " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                              "Content-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
    close(fd);
    return "";
  }
  std::string response;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
    response.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return response;
}

void WriteAlertConfig(const std::string& path, std::chrono::seconds chat_target,
                      const std::string& webhook_url) {
  std::ofstream out(path);
  out << "[calendar]\ntime_zone = \"UTC\"\nholidays = \"none\"\n[calendar.hours]\n";
  for (const char* day :
       {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}) {
    out << day << " = [\"00:00-24:00\"]\n";
  }
  out << "[targets]\nchat = \"" << chat_target.count() << "s\"\n"
      << "[alerts]\nwebhooks = [\"" << webhook_url << "\"]\nwarn_at = 0.5\n"
      << "check_every = \"1s\"\n";
}

WebhookReceiver::WebhookReceiver() {
  listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  listen(listen_fd_, 64);
  socklen_t length = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length);
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  shutdown(listen_fd_, SHUT_RDWR);  // wakes accept()
  thread_.join();
  close(listen_fd_);
}

std::string WebhookReceiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hook";
}

void WebhookReceiver::Serve() {
  while (!stopping_) {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::string data;
    char buf[4096];
    size_t header_end = std::string::npos, length = 0;
    for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
      data.append(buf, static_cast<size_t>(n));
      if (header_end == std::string::npos &&
          (header_end = data.find("\r\n\r\n")) != std::string::npos) {
        std::string headers = data.substr(0, header_end);
        for (char& ch : headers)
          ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        const size_t cl = headers.find("content-length:");
        if (cl != std::string::npos) length = std::stoul(headers.substr(cl + 15));
      }
      if (header_end != std::string::npos && data.size() >= header_end + 4 + length) break;
    }
    if (header_end != std::string::npos) {
      std::lock_guard lock(mu_);
      bodies_.push_back(data.substr(header_end + 4, length));
    }
    const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    send(fd, ok.data(), ok.size(), MSG_NOSIGNAL);
    close(fd);
  }
}

std::vector<std::string> WebhookReceiver::Bodies() const {
  std::lock_guard lock(mu_);
  return bodies_;
}

std::vector<std::string> WebhookReceiver::WaitFor(size_t count, std::chrono::seconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (Bodies().size() < count && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Bodies();
}

std::string AlertKeyOf(const std::string& body) {
  auto field = [&](const std::string& name) {
    const std::string key = "\"" + name + "\":\"";
    const size_t at = body.find(key);
    if (at == std::string::npos) return std::string("?");
    const size_t start = at + key.size();
    return body.substr(start, body.find('"', start) - start);
  };
  return field("alert") + ":" + field("message");
}

}  // namespace fiducia::serve_testing
