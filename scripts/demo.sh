#!/usr/bin/env bash
# The main job on the bundled samples: install what is needed, build in Release, audit
# data/samples, print the summary and write the JSON to out/audit.json.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh release > /dev/null
mkdir -p out
./build/release/bin/fiducia audit --json out/audit.json "$@" data/samples
