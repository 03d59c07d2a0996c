#!/usr/bin/env bash
# The blind evaluation (data/eval/README.md): precision and recall per rule and per split over the
# conversations, the tweets and Bitext. Builds tools/blind_eval in the Release build dir first when
# needed (configured as scripts/build.sh does), then runs it from the repository root.
#   scripts/eval.sh [--errors]        (--errors lists the misses of the dev split only)
# FIDUCIA_BUILD_DIR overrides the build dir (default build/release).
set -euo pipefail
cd "$(dirname "$0")/.."

dir="${FIDUCIA_BUILD_DIR:-build/release}"
if [[ ! -f "$dir/build.ninja" ]]; then
  args=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DFIDUCIA_WERROR="${FIDUCIA_WERROR:-ON}")
  command -v ccache > /dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  mkdir -p build
  log="build/configure-eval.log"
  cmake -S . -B "$dir" "${args[@]}" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
fi
log="$dir/build-eval.log"
cmake --build "$dir" --target blind_eval -j "$(nproc)" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
"$dir/bin/blind_eval" \
  --eval data/eval --twitter ../shared/realdata/twitter --bitext ../shared/realdata/bitext "$@"
