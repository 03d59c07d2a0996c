#!/usr/bin/env bash
# Every test: install what is needed, check the format of the C++ files (scripts/check-format.sh),
# build in Release (benchmarks included, so they cannot rot) and under AddressSanitizer +
# UndefinedBehaviorSanitizer, and run ctest on both. The store and serve tests run on SQLite and
# on a throwaway PostgreSQL server started here on loopback (its URL in FIDUCIA_TEST_POSTGRES_URL)
# and stopped at the end; no PostgreSQL, no test run. The mailbox tests likewise read a throwaway
# Dovecot on loopback (scripts/imap-test-server.sh: FIDUCIA_TEST_IMAP_URL; for imaps://
# FIDUCIA_TEST_IMAPS_URL, the CA of its certificate in FIDUCIA_TEST_IMAP_CA_FILE). After the
# Release tests, scripts/package-test.sh builds the .deb and installs and checks it. Last,
# clang-tidy (.clang-tidy) over every file of src/ as the clang sanitizer build compiled it
# (scripts/tidy.sh build/asan): any warning fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

export TZ="${TZ:-America/New_York}"   # never UTC: tests must not depend on the machine's zone
bash scripts/install-deps.sh
echo "== format"
bash scripts/check-format.sh

pg_dir=$(mktemp -d -t fiducia-pg.XXXXXX)
imap_dir=$(mktemp -d -t fiducia-imap.XXXXXX)
trap 'bash scripts/pg-test-server.sh stop "$pg_dir"; bash scripts/imap-test-server.sh stop "$imap_dir"' EXIT
if ! FIDUCIA_TEST_POSTGRES_URL=$(bash scripts/pg-test-server.sh start "$pg_dir"); then
  echo "test.sh: could not start the PostgreSQL test server (see above); the PostgreSQL tests" \
       "would not run" >&2
  exit 1
fi
export FIDUCIA_TEST_POSTGRES_URL
echo "== PostgreSQL for the tests: $FIDUCIA_TEST_POSTGRES_URL"
if ! FIDUCIA_TEST_IMAP_URL=$(bash scripts/imap-test-server.sh start "$imap_dir"); then
  echo "test.sh: could not start the IMAP test server (see above); the mailbox tests would not run" >&2
  exit 1
fi
FIDUCIA_TEST_IMAPS_URL=$(cat "$imap_dir/imaps-url")  # the same server over TLS
FIDUCIA_TEST_IMAP_CA_FILE="$imap_dir/ca.pem"         # the throwaway CA that signed its certificate
export FIDUCIA_TEST_IMAP_URL FIDUCIA_TEST_IMAPS_URL FIDUCIA_TEST_IMAP_CA_FILE
echo "== IMAP (Dovecot) for the tests: $FIDUCIA_TEST_IMAP_URL, $FIDUCIA_TEST_IMAPS_URL"

for kind in release asan; do
  echo "== build: $kind"
  bash scripts/build.sh "$kind"
  echo "== test: $kind (TZ=$TZ)"
  ctest --test-dir "build/$kind" --output-on-failure -j "$(nproc)"
  if [[ $kind == release ]]; then
    echo "== package: the .deb from build/release, installed (or unpacked), checked, purged"
    bash scripts/package-test.sh build/release
  fi
done
echo "== clang-tidy: src/, as build/asan (clang) compiled it"
bash scripts/tidy.sh build/asan
