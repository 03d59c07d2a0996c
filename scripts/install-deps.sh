#!/usr/bin/env bash
# Installs the Debian 12 packages fiducia needs to build and test. Idempotent and silent when
# everything is already there; uses sudo when not run as root.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config   # compiler and build
  ccache                   # build: unchanged files are not compiled again
  clang libclang-rt-14-dev   # the sanitizer build and the libFuzzer binaries (fuzz/)
  clang-format             # tests: scripts/check-format.sh
  libsimdjson-dev          # JSON Lines events
  libphonenumber-dev       # phone numbers to E.164
  libprotobuf-dev          # libphonenumber's metadata, read by the E.164 shortcut
  libhowardhinnant-date-dev tzdata   # IANA time zones for the business calendar
  libtomlplusplus-dev      # the TOML config
  libcli11-dev             # the command line
  libfmt-dev               # formatting
  libjemalloc-dev          # the allocator: jemalloc, its heap in huge pages
  zlib1g-dev libzstd-dev   # gzip- and zstd-compressed inputs
  libgtest-dev libgmock-dev   # tests
  libbenchmark-dev         # benchmarks
  python3-pandas           # bench/pandas_first_reply.py, the peer of bench/e2e.sh
  libgmime-3.0-dev         # e-mail: mbox, .eml, Maildir (MIME, charsets, encodings)
  libarchive-dev           # WhatsApp .zip exports
  libcsv-dev               # CSV exports: tweets, call logs
  libicu-dev               # text: Unicode normalisation, sentence and word breaking
  libstemmer-dev           # text: Snowball stems (Italian, English)
  libhyperscan-dev         # text: the cue lists compiled into one multi-pattern matcher
  libcld2-dev              # text: language detection
  libsqlite3-dev           # serve: the event store (SQLite, WAL)
  libpq-dev                # serve: the event store on PostgreSQL (libpq)
  postgresql               # tests: a throwaway PostgreSQL server for the store and serve tests
  libboost-dev             # serve: HTTP/1.1 on Boost.Beast and Asio (headers)
  libssl-dev               # serve: SHA-256 of API tokens; TLS of the live mailboxes
  libetpan-dev             # serve: live mailboxes over IMAP (IDLE, UIDs)
  dovecot-imapd            # tests: a throwaway IMAP server for the mailbox tests
  libxlsxwriter-dev        # reports: the XLSX workbook
  chromium fonts-dejavu-core   # tests: headless Chromium opens the HTML report (and screenshots it)
  python3 python3-openpyxl     # tests: an independent reader checks the XLSX report
  dpkg-dev fakeroot help2man   # the .deb: cpack (dpkg-shlibdeps), man pages from --help
  systemd man-db strace curl adduser   # tests: scripts/package-test.sh checks the .deb
)

missing=()
for p in "${PACKAGES[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
