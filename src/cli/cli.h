// The `fiducia` command line, callable from tests: arguments in, exit code out, output to the
// given streams. Exit codes: 0 done (findings or not), 2 usage or invalid config, 3 bad input under
// --strict, 4 an input that cannot be read, 5 (audit) inputs read but no event in them.
#pragma once

#include <iosfwd>
#include <istream>
#include <string>
#include <vector>

#include "common/clock.h"

namespace fiducia {

enum ExitCode : int {
  kExitOk = 0,
  kExitCoachProblems = 1,  // fiducia coach: the draft has wording problems
  kExitUsage = 2,
  kExitBadInput = 3,
  kExitCannotRead = 4,
  kExitNoEvents = 5,  // fiducia audit: the inputs were read and held no event
};

struct CliEnvironment {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  const Clock& clock;
  std::string locale;  // LC_ALL / LC_MESSAGES / LANG, for the default report language
  // Whether the streams are terminals: the summary is coloured on one, and the progress line of a
  // long audit is drawn only on one.
  bool out_is_terminal = false;
  bool err_is_terminal = false;
};

int RunCli(const std::vector<std::string>& args, const CliEnvironment& env);

}  // namespace fiducia
