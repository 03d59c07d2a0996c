// fiducia audit and import as real processes, on inputs a shell hands them: a pipe as standard
// input ('-' and /dev/stdin), process substitution, a FIFO; and under a memory limit, where running
// out of memory is an error message and an exit code, never an abort.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

namespace fiducia {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

struct Outcome {
  int code = -1;  // the exit code; -1 when a signal ended the process
  int signal = 0;
  std::string out, err;
};

class CliInputsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fmt::format("fiducia-cli-inputs-{}-{}", getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    chat_ = (dir_ / "chat.txt").string();
    std::ofstream out(chat_);
    for (int i = 0; i < 60; ++i) {
      out << fmt::format("02/03/26, {:02}:{:02} - {}: messaggio numero {}\n", 9 + i / 30,
                         i % 30 * 2, i % 3 ? "Mario Rossi" : "Giulia", i);
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  // `script` run by bash (process substitution is bash's), with the binary as $F; a timeout turns
  // a hang into a failure.
  Outcome Shell(const std::string& script) const {
    const fs::path out = dir_ / "out", err = dir_ / "err", file = dir_ / "script.sh";
    std::ofstream(file) << "F=" << Quoted(FIDUCIA_BINARY) << "\n" << script << "\n";
    const std::string command = fmt::format("timeout 120 bash {} > {} 2> {}", Quoted(file),
                                            Quoted(out.string()), Quoted(err.string()));
    const int status = std::system(command.c_str());
    Outcome r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  // The messages an audit judged (from its JSON), or -1.
  static int Messages(const Outcome& r) {
    std::smatch m;
    if (!std::regex_search(r.out, m, std::regex("\"messages\":\\s*(\\d+)"))) return -1;
    return std::stoi(m[1]);
  }

  std::string Audit(const std::string& inputs) const {
    return "\"$F\" audit --company Giulia --quiet --json - " + inputs;
  }

  fs::path dir_;
  std::string chat_;
};

// Each used to read 0 messages with exit 0 (the format sniff and the chat reader's two passes
// opened the pipe again), or to hang (a FIFO whose writer had gone).
TEST_F(CliInputsTest, APipeOrFifoIsAuditedLikeTheFile) {
  const Outcome file = Shell(Audit(Quoted(chat_)));
  ASSERT_EQ(file.code, 0) << file.err;
  const int messages = Messages(file);
  ASSERT_EQ(messages, 60) << file.out;

  const std::vector<std::pair<std::string, std::string>> ways = {
      {"'-' from a pipe", "cat " + Quoted(chat_) + " | " + Audit("-")},
      {"/dev/stdin from a pipe", "cat " + Quoted(chat_) + " | " + Audit("/dev/stdin")},
      {"'-' from a file", Audit("-") + " < " + Quoted(chat_)},
      {"process substitution", Audit("<(cat " + Quoted(chat_) + ")")},
      {"a FIFO", "mkfifo " + Quoted((dir_ / "fifo").string()) + " && (cat " + Quoted(chat_) +
                     " > " + Quoted((dir_ / "fifo").string()) + " &) && " +
                     Audit(Quoted((dir_ / "fifo").string()))},
  };
  for (const auto& [way, script] : ways) {
    const Outcome piped = Shell(script);
    EXPECT_EQ(piped.code, 0) << way << ": " << piped.err;
    EXPECT_EQ(Messages(piped), messages) << way << ": " << piped.err;
    EXPECT_EQ(piped.err, "") << way;
  }
}

TEST_F(CliInputsTest, ImportReadsStandardInput) {
  const fs::path out = dir_ / "events.jsonl";
  const Outcome r = Shell("cat " + Quoted(chat_) + " | \"$F\" import --company Giulia - -o " +
                          Quoted(out.string()));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "60 events from 1 files (0 skipped, 0 duplicates)\n");
  const std::string events = Slurp(out);
  EXPECT_EQ(std::count(events.begin(), events.end(), '\n'), 60);
}

TEST_F(CliInputsTest, HelpSaysDashIsStandardInput) {
  for (const char* command : {"audit", "import"}) {
    const Outcome r = Shell(fmt::format("\"$F\" {} --help", command));
    EXPECT_NE(r.out.find("'-' reads standard input"), std::string::npos) << r.out;
  }
}

// Runs the binary with its address space limited to `bytes`; stderr kept.
[[maybe_unused]] Outcome UnderMemoryLimit(const std::vector<std::string>& args, rlim_t bytes,
                                          const fs::path& err) {
  const pid_t pid = fork();
  if (pid == 0) {
    const rlimit limit{bytes, bytes};
    setrlimit(RLIMIT_AS, &limit);
    std::FILE* to = std::fopen(err.c_str(), "w");
    if (to != nullptr) dup2(fileno(to), STDERR_FILENO);
    std::FILE* null = std::fopen("/dev/null", "w");
    if (null != nullptr) dup2(fileno(null), STDOUT_FILENO);
    std::vector<char*> argv{const_cast<char*>(FIDUCIA_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(FIDUCIA_BINARY, argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  Outcome r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  r.err = Slurp(err);
  return r;
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define FIDUCIA_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define FIDUCIA_SANITIZED 1
#endif
#endif

// An import that keeps 300 MB of text (from a 300 KB gzip file), under address-space limits from
// generous to tight: each run either finishes or says it ran out of memory, with exit 4; none is
// ended by a signal (std::bad_alloc uncaught is an abort).
TEST_F(CliInputsTest, OutOfMemoryIsAnErrorNotAnAbort) {
#ifdef FIDUCIA_SANITIZED
  GTEST_SKIP() << "sanitizers reserve terabytes of address space: RLIMIT_AS cannot be used";
#else
  const fs::path big = dir_ / "big.jsonl.gz";
  {
    std::FILE* gzip = popen(("gzip -1 > " + Quoted(big.string())).c_str(), "w");
    ASSERT_NE(gzip, nullptr);
    const std::string text(size_t{3} << 20, 'a');
    for (int i = 0; i < 100; ++i) {
      std::fputs(fmt::format(R"({{"id":"e{}","at":"2026-03-02T09:{:02}:00+01:00",)"
                             R"("channel":"email","direction":"out","customer":"c@example.it",)"
                             R"("agent":"giulia","text":"{}"}})"
                             "\n",
                             i, i % 60, text)
                     .c_str(),
                 gzip);
    }
    ASSERT_EQ(pclose(gzip), 0);
  }
  bool ran_out = false;
  for (const rlim_t mib : {768, 512, 384}) {
    const Outcome r =
        UnderMemoryLimit({"import", big.string(), "-o", (dir_ / "out.jsonl").string()},
                         rlim_t{mib} << 20, dir_ / "err");
    ASSERT_EQ(r.signal, 0) << mib << " MiB: ended by signal " << r.signal << "; " << r.err;
    if (r.code == 0) continue;
    EXPECT_EQ(r.code, 4) << mib << " MiB: " << r.err;
    EXPECT_NE(r.err.find("out of memory"), std::string::npos) << mib << " MiB: " << r.err;
    ran_out = true;
  }
  EXPECT_TRUE(ran_out) << "no limit was tight enough to run out of memory";
#endif
}

}  // namespace
}  // namespace fiducia
