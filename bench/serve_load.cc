// A load test of `fiducia serve` on loopback, against the targets of issue #8: the real binary on a
// fresh SQLite database, fed with a generated corpus (src/gen) by clients on keep-alive
// connections.
//   1. ingest throughput: events posted in JSON arrays of --batch, on --connections connections at
//      once, as fast as the server acknowledges them (target: at least 20,000 events/s);
//   2. latency of single events at a steady --rate per second for --seconds, open loop: each
//      event's latency counts from the moment it was due to be sent, so that a slow answer also
//      delays the ones queued behind it (target: p99 at most 20 ms at 2,000 events/s). With
//      --read-every S, a page meanwhile reads the waiting list every S seconds (each read takes in
//      the new events and judges the whole workspace), as a team lead's open page does.
//   serve_load [--fiducia PATH] [--events N] [--batch N] [--connections N] [--rate N] [--seconds N]
//              [--read-every S] [--log FILE]
#include <fmt/format.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gen/generator.h"
#include "gen/writers.h"

namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr double kTargetEventsPerSecond = 20000;
constexpr double kTargetP99Ms = 20;
constexpr double kRefused = 1e9;  // the latency of an event the server did not accept

struct Options {
  std::string fiducia = FIDUCIA_BINARY;
  uint64_t events = 200000;
  size_t batch = 500;
  unsigned connections = 2;
  unsigned rate = 2000;
  unsigned seconds = 10;
  // Seconds between two reads of the waiting list in phase 2; 0: none.
  unsigned read_every = 0;
  // Where the server's log goes (one JSON line a request); empty: nowhere.
  std::string log;
};

// Every event of a generated corpus as a canonical JSON line (without its newline).
class LineCollector final : public fiducia::gen::GenOutput {
 public:
  explicit LineCollector(std::string id_prefix) : id_prefix_(std::move(id_prefix)) {}
  fiducia::Status Customer(const fiducia::gen::GenCustomer& customer) override {
    for (const auto& event : customer.events) {
      std::string line = fiducia::gen::EventJsonLine(customer, event);
      if (!line.empty() && line.back() == '\n') line.pop_back();
      // Two corpora in one database: the prefix keeps their ids apart.
      if (const size_t at = line.find(R"("id":")"); at != std::string::npos) {
        line.insert(at + 6, id_prefix_);
      }
      lines.push_back(std::move(line));
    }
    return fiducia::Status::Ok();
  }
  std::vector<std::string> lines;

 private:
  std::string id_prefix_;
};

struct Server {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts `fiducia serve` on a free port; the port is read from its first log lines, the rest of
// the log drained in the background.
std::optional<Server> StartServer(const std::string& binary, const std::string& db,
                                  const std::string& config, const std::string& log) {
  int fds[2];
  if (pipe(fds) != 0) return std::nullopt;
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDERR_FILENO);
    close(fds[0]);
    execl(binary.c_str(), "fiducia", "serve", "--db", db.c_str(), "--listen", "127.0.0.1:0",
          "--config", config.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string seen;
  for (char c = 0; read(fds[0], &c, 1) == 1;) {
    seen += c;
    const size_t at = seen.find("http://127.0.0.1:");
    if (c != '\n' || at == std::string::npos) continue;
    std::thread([fd = fds[0], log] {
      std::ofstream out;
      if (!log.empty()) out.open(log);
      char buf[1 << 14];
      for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) {
        if (out) out.write(buf, n);
      }
      close(fd);
    }).detach();
    return Server{pid, static_cast<uint16_t>(std::stoi(seen.substr(at + 17)))};
  }
  return std::nullopt;
}

// One keep-alive connection that posts bodies to /v1/events and checks each answer.
class Client {
 public:
  explicit Client(uint16_t port) : stream_(io_) {
    stream_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  }
  // True when the server answered 200 (the waiting list, as the web page asks for it).
  bool Get(std::string_view target) {
    http::request<http::string_body> request{http::verb::get, std::string(target), 11};
    request.set(http::field::host, "127.0.0.1");
    request.keep_alive(true);
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return response.result_int() == 200;
  }
  // True when the server answered 200 and accepted the events.
  bool Post(std::string body) {
    http::request<http::string_body> request{http::verb::post, "/v1/events", 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = std::move(body);
    request.prepare_payload();
    http::write(stream_, request);
    http::response<http::string_body> response;
    http::read(stream_, buffer_, response);
    return response.result_int() == 200;
  }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

std::string ArrayOf(const std::vector<std::string>& lines, size_t from, size_t to) {
  std::string body = "[";
  for (size_t i = from; i < to; ++i) {
    if (i > from) body += ',';
    body += lines[i];
  }
  return body + "]";
}

// Phase 1: every line posted in batches on `connections` connections; events per second.
double IngestThroughput(const Options& o, uint16_t port, const std::vector<std::string>& lines) {
  std::atomic<size_t> next{0};
  std::atomic<size_t> failed{0};
  const auto start = SteadyClock::now();
  std::vector<std::jthread> clients;
  for (unsigned c = 0; c < o.connections; ++c) {
    clients.emplace_back([&] {
      Client client(port);
      for (size_t from; (from = next.fetch_add(o.batch)) < lines.size();) {
        if (!client.Post(ArrayOf(lines, from, std::min(lines.size(), from + o.batch)))) ++failed;
      }
    });
  }
  clients.clear();
  const double seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  if (failed) fmt::print(stderr, "serve_load: {} batches were refused\n", failed.load());
  return static_cast<double>(lines.size()) / seconds;
}

// Phase 2: single events at a steady rate; every event's latency from when it was due.
std::vector<double> SingleEventLatencies(const Options& o, uint16_t port,
                                         const std::vector<std::string>& lines) {
  const size_t total = std::min<size_t>(lines.size(), size_t{o.rate} * o.seconds);
  constexpr unsigned kSenders = 8;  // enough connections that one slow answer does not stall all
  const auto interval = std::chrono::duration<double>(1.0 / o.rate);
  std::vector<double> latencies_ms(total);
  const auto start = SteadyClock::now() + std::chrono::milliseconds(50);
  std::vector<std::jthread> senders;
  for (unsigned s = 0; s < kSenders; ++s) {
    senders.emplace_back([&, s] {
      Client client(port);
      for (size_t i = s; i < total; i += kSenders) {
        const auto due = start + std::chrono::duration_cast<SteadyClock::duration>(
                                     interval * static_cast<double>(i));
        std::this_thread::sleep_until(due);
        const bool ok = client.Post(lines[i]);
        const double ms =
            std::chrono::duration<double, std::milli>(SteadyClock::now() - due).count();
        latencies_ms[i] = ok ? ms : kRefused;
      }
    });
  }
  senders.clear();
  if (const auto refused = std::count(latencies_ms.begin(), latencies_ms.end(), kRefused)) {
    fmt::print(stderr, "serve_load: {} single events were refused (counted as never answered)\n",
               refused);
  }
  // When the slow ones were due: a stall (a checkpoint, a lock held) shows as one burst.
  size_t slow = 0;
  double first_slow_s = -1, last_slow_s = -1;
  for (size_t i = 0; i < total; ++i) {
    if (latencies_ms[i] <= kTargetP99Ms) continue;
    const double due_s = static_cast<double>(i) / o.rate;
    if (!slow++) first_slow_s = due_s;
    last_slow_s = due_s;
  }
  if (slow) {
    fmt::print("  {} events over {:.0f} ms, due between {:.2f} s and {:.2f} s\n", slow,
               kTargetP99Ms, first_slow_s, last_slow_s);
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  return latencies_ms;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t i =
      std::min(sorted.size() - 1, static_cast<size_t>(p * static_cast<double>(sorted.size())));
  return sorted[i];
}

constexpr std::string_view kUsage =
    "usage: serve_load [--fiducia PATH] [--events N] [--batch N] [--connections N] [--rate N] "
    "[--seconds N] [--read-every S] [--log FILE]\n";

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "-h" || flag == "--help" || i + 1 == argc) {
      fmt::print(flag == "-h" || flag == "--help" ? stdout : stderr, "{}", kUsage);
      std::exit(flag == "-h" || flag == "--help" ? 0 : 2);
    }
    const std::string value = argv[i + 1];
    if (flag == "--fiducia")
      o.fiducia = value;
    else if (flag == "--events")
      o.events = std::stoull(value);
    else if (flag == "--batch")
      o.batch = std::stoul(value);
    else if (flag == "--connections")
      o.connections = static_cast<unsigned>(std::stoul(value));
    else if (flag == "--rate")
      o.rate = static_cast<unsigned>(std::stoul(value));
    else if (flag == "--seconds")
      o.seconds = static_cast<unsigned>(std::stoul(value));
    else if (flag == "--log")
      o.log = value;
    else if (flag == "--read-every")
      o.read_every = static_cast<unsigned>(std::stoul(value));
    else {
      fmt::print(stderr, "serve_load: unknown flag {}\n", flag);
      std::exit(2);
    }
  }
  return o;
}

std::vector<std::string> Corpus(uint64_t messages, uint64_t seed) {
  LineCollector lines(fmt::format("s{}-", seed));
  fiducia::gen::GenOutput* outputs[] = {&lines};
  auto summary =
      fiducia::gen::Generate({.messages = messages, .seed = seed, .defect_scale = 1.0}, outputs);
  if (!summary.ok()) {
    fmt::print(stderr, "serve_load: {}\n", summary.status().message());
    std::exit(1);
  }
  return std::move(lines.lines);
}

int Run(const Options& o) {
  const std::vector<std::string> bulk = Corpus(o.events, 1);
  const std::vector<std::string> singles = Corpus(size_t{o.rate} * o.seconds, 2);
  const fs::path db = fs::temp_directory_path() / fmt::format("fiducia-serve-load-{}.db", getpid());
  // The load comes from one address: the per-client rate limit would measure itself.
  const fs::path config =
      fs::temp_directory_path() / fmt::format("fiducia-serve-load-{}.toml", getpid());
  std::ofstream(config) << "[serve]\nrate_per_second = 0\n";
  auto server = StartServer(o.fiducia, db.string(), config.string(), o.log);
  if (!server) {
    fmt::print(stderr, "serve_load: could not start {}\n", o.fiducia);
    return 1;
  }
  const double throughput = IngestThroughput(o, server->port, bulk);
  fmt::print(
      "ingest: {} events in batches of {} on {} connections: {:.0f} events/s (target >= {:.0f}): "
      "{}\n",
      bulk.size(), o.batch, o.connections, throughput, kTargetEventsPerSecond,
      throughput >= kTargetEventsPerSecond ? "ok" : "UNDER");
  std::vector<double> reads_ms;
  std::vector<double> latencies;
  {
    // Meanwhile, a team lead's page asks for the waiting list every --read-every seconds: each
    // answer judges the whole workspace, which must not hold the posts up.
    std::jthread page([&](std::stop_token stop) {
      if (o.read_every == 0) return;
      Client client(server->port);
      while (!stop.stop_requested()) {
        const auto start = SteadyClock::now();
        const bool ok = client.Get("/v1/waiting");
        reads_ms.push_back(
            ok ? std::chrono::duration<double, std::milli>(SteadyClock::now() - start).count()
               : kRefused);
        for (unsigned ms = 0; ms < o.read_every * 1000 && !stop.stop_requested(); ms += 10) {
          std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      }
    });
    latencies = SingleEventLatencies(o, server->port, singles);
  }
  const double p99 = Percentile(latencies, 0.99);
  fmt::print(
      "single events at {}/s for {} s ({} events, corpus already {} events): "
      "p50 {:.2f} ms, p99 {:.2f} ms (target <= {:.0f}): {}, max {:.2f} ms\n",
      o.rate, o.seconds, latencies.size(), bulk.size(), Percentile(latencies, 0.5), p99,
      kTargetP99Ms, p99 <= kTargetP99Ms ? "ok" : "OVER", latencies.empty() ? 0 : latencies.back());
  if (!reads_ms.empty()) {
    std::sort(reads_ms.begin(), reads_ms.end());
    fmt::print(
        "  meanwhile GET /v1/waiting every {} s: {} reads, median {:.1f} ms, max {:.1f} ms\n",
        o.read_every, reads_ms.size(), Percentile(reads_ms, 0.5), reads_ms.back());
  }
  kill(server->pid, SIGTERM);
  int status = 0;
  waitpid(server->pid, &status, 0);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
  fs::remove(config);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(ParseOptions(argc, argv)); }
