#!/usr/bin/env bash
# Every test: install what is needed, build in Release (benchmarks included, so they cannot rot)
# and under AddressSanitizer + UndefinedBehaviorSanitizer, and run ctest on both.
set -euo pipefail
cd "$(dirname "$0")/.."

export TZ="${TZ:-America/New_York}"   # never UTC: tests must not depend on the machine's zone
bash scripts/install-deps.sh
for kind in release asan; do
  echo "== build: $kind"
  bash scripts/build.sh "$kind"
  echo "== test: $kind (TZ=$TZ)"
  ctest --test-dir "build/$kind" --output-on-failure -j "$(nproc)"
done
