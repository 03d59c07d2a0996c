// `fiducia serve`: the live server (src/server) from the command line.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "cli/cli.h"

namespace fiducia {

struct ServeArgs {
  std::string db = "fiducia.db";
  std::string listen = "127.0.0.1:8080";
  std::string config_path;
  std::string lang;
  unsigned threads = 8;  // a post waits for its commit: more threads, bigger group commits
};

void AddServeCommand(CLI::App& app, ServeArgs& args);
int RunServeCommand(const ServeArgs& args, const CliEnvironment& env);

struct TokenArgs {
  std::string db = "fiducia.db";
  std::string name;
  std::string role = "agent";
  std::string workspace = "default";
};

// `fiducia token NAME --role viewer|agent|admin --workspace W`: issues an API token, printed once.
void AddTokenCommand(CLI::App& app, TokenArgs& args);
int RunTokenCommand(const TokenArgs& args, const CliEnvironment& env);

}  // namespace fiducia
