#!/usr/bin/env bash
# Builds fiducia: scripts/build.sh [release|debug|asan] (default release).
# The binary lands in build/<kind>/bin/fiducia.
set -euo pipefail
cd "$(dirname "$0")/.."

kind="${1:-release}"
# compile_commands.json in every build: scripts/tidy.sh reads the asan one.
args=(-G Ninja -DFIDUCIA_WERROR="${FIDUCIA_WERROR:-ON}" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)
# ccache (installed by install-deps.sh) makes rebuilds of unchanged files free across build kinds.
command -v ccache > /dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
case "$kind" in
  release) args+=(-DCMAKE_BUILD_TYPE=Release) ;;
  debug)   args+=(-DCMAKE_BUILD_TYPE=Debug) ;;
  # clang for the sanitizers, with the libFuzzer binaries of fuzz/ (ctest runs each briefly).
  asan)    args+=(-DCMAKE_BUILD_TYPE=Debug "-DFIDUCIA_SANITIZE=address;undefined"
                  -DFIDUCIA_BUILD_BENCH=OFF -DCMAKE_CXX_COMPILER=clang++ -DFIDUCIA_FUZZ=ON) ;;
  *) echo "usage: scripts/build.sh [release|debug|asan]" >&2; exit 2 ;;
esac
mkdir -p build
log="build/configure-$kind.log"
cmake -S . -B "build/$kind" "${args[@]}" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
cmake --build "build/$kind" -j "$(nproc)"
