#!/usr/bin/env bash
# The main job on the bundled samples: install what is needed, build in Release, audit
# data/samples, print the summary and write every report form to out/: the JSON
# (out/audit.json), the HTML a team lead reads (out/report.html), the spreadsheet
# (out/report.xlsx) and one CSV per table (out/csv/). Texts are kept so that the HTML shows the
# words that triggered each finding.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh release > /dev/null
mkdir -p out
./build/release/bin/fiducia audit --json out/audit.json --html out/report.html \
  --xlsx out/report.xlsx --csv out/csv --keep-text "$@" data/samples
