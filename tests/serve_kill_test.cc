// `fiducia serve` killed with SIGKILL in the middle of a sustained ingest: every event it
// acknowledged is there after a restart. Runs the real binary on loopback.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Server {
  pid_t pid = -1;
  int port = 0;
};

// Starts `fiducia serve` on a free port and reads the port from its first line on stderr.
std::optional<Server> StartServer(const std::string& db) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    execl(FIDUCIA_BINARY, "fiducia", "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0",
          static_cast<char*>(nullptr));
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
      return Server{pid, std::stoi(seen.substr(at + 17))};
    }
  }
  return std::nullopt;
}

// One HTTP/1.1 exchange on its own connection; the whole response, or "" when it failed.
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
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, static_cast<size_t>(n));
  close(fd);
  return response;
}

TEST(ServeKillTest, EveryAcknowledgedEventSurvivesSigkill) {
  const fs::path db = fs::temp_directory_path() / "fiducia-serve-kill.db";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  auto server = StartServer(db.string());
  ASSERT_TRUE(server);
  std::vector<std::string> acknowledged;
  std::atomic<bool> killed{false};
  std::thread killer;
  for (int i = 0; i < 100000; ++i) {
    const std::string id = "k" + std::to_string(i);
    const std::string event = R"({"id":")" + id +
                              R"(","at":"2026-03-02T09:00:00+01:00","channel":"whatsapp",)"
                              R"("direction":"in","customer":"+393330001111","text":"Ciao"})";
    const std::string response = Exchange(server->port, "POST", "/v1/events", event);
    if (response.rfind("HTTP/1.1 200", 0) == 0 && response.find("\"accepted\":1") != std::string::npos) {
      acknowledged.push_back(id);
    } else if (killed) {
      break;  // the server is gone
    }
    if (acknowledged.size() == 150 && !killer.joinable()) {
      killer = std::thread([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        kill(server->pid, SIGKILL);
        killed = true;
      });
    }
  }
  killer.join();
  int status = 0;
  waitpid(server->pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acknowledged.size(), 150u);

  auto restarted = StartServer(db.string());
  ASSERT_TRUE(restarted);
  const std::string timeline =
      Exchange(restarted->port, "GET", "/v1/customers/%2B393330001111/timeline", "");
  for (const std::string& id : acknowledged) {
    EXPECT_NE(timeline.find("\"" + id + "\""), std::string::npos) << id << " was lost";
  }
  kill(restarted->pid, SIGTERM);  // a graceful stop ends with exit code 0
  waitpid(restarted->pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

}  // namespace
