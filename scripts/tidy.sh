#!/usr/bin/env bash
# clang-tidy (the checks and naming of .clang-tidy) over every file of src/, tests included, as a
# build compiled them: scripts/tidy.sh [BUILD_DIR] (default build/asan, the clang build of
# scripts/build.sh asan, whose compile_commands.json lists every file). Fails on any warning,
# naming file, line and check. scripts/test.sh runs it after the asan build.
set -euo pipefail
cd "$(dirname "$0")/.."

build="${1:-build/asan}"
if [[ ! -f "$build/compile_commands.json" ]]; then
  echo "tidy.sh: no $build/compile_commands.json: build it first (scripts/build.sh asan)" >&2
  exit 2
fi
tidy=clang-tidy-14
command -v "$tidy" > /dev/null || tidy=clang-tidy
runner=run-clang-tidy-14
command -v "$runner" > /dev/null || runner=run-clang-tidy

log=$(mktemp -t fiducia-tidy.XXXXXX)
trap 'rm -f "$log"' EXIT
started=$(date +%s)
rc=0
# The runner's pattern is matched against the database's absolute paths: src/ of this tree only,
# not the sources cmake generates in the build directory.
"$runner" -quiet -clang-tidy-binary "$(command -v "$tidy")" -p "$build" -j "$(nproc)" \
  "$PWD/src/" > "$log" 2>&1 || rc=$?
files=$(grep -c -- "$tidy" "$log" || true)
# Diagnostics only (the runner also echoes each command and clang's "N warnings generated").
diagnostics=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error):' |
  sort -u || true)
seconds=$(($(date +%s) - started))
if [[ -n "$diagnostics" || $rc -ne 0 ]]; then
  echo "$diagnostics"
  [[ -n "$diagnostics" ]] || sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -v -- "$tidy" | tail -40
  echo "tidy.sh: $(grep -c . <<< "$diagnostics") warnings in $files files (${seconds} s); fix them," \
       "or turn a check off in .clang-tidy with the reason" >&2
  exit 1
fi
echo "tidy.sh: $files files clean (${seconds} s)"
