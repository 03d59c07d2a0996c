// The fiducia executable: the real clock, the real streams, the locale from the environment.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "cli/cli.h"

namespace {

std::string LocaleFromEnvironment() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    if (const char* v = std::getenv(name); v && *v) return v;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  const std::vector<std::string> args(argv + 1, argv + argc);
  fiducia::SystemClock clock;
  const fiducia::CliEnvironment env{std::cin,
                                    std::cout,
                                    std::cerr,
                                    clock,
                                    LocaleFromEnvironment(),
                                    ::isatty(STDOUT_FILENO) == 1,
                                    ::isatty(STDERR_FILENO) == 1};
  const int code = fiducia::RunCli(args, env);
  std::cout.flush();
  return code;
}
