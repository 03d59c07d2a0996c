#!/usr/bin/env bash
# The Debian package, tested (issue 20): scripts/package-test.sh [BUILD_DIR] (default
# build/release, already built). Builds the .deb with cpack; checks its control data and
# contents (unit, conffiles, man pages, the shared libraries' dependencies); installs it with
# dpkg when run as root and fiducia is not installed already (else unpacks it into a scratch
# root); runs the installed fiducia --version and an audit of data/samples; runs the installed
# fiducia serve under strace (as the fiducia user when installed) to show it stops on SIGTERM
# with exit code 0 and stays inside the unit's sandbox (no writable and executable memory, for
# MemoryDenyWriteExecute; only @system-service system calls); and checks the unit with
# systemd-analyze verify. An installed package is purged at the end, so the machine is left as
# it was. FIDUCIA_PACKAGE_INSTALL=0 never installs.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
started=$(date +%s%N)

fail() { echo "package-test: $*" >&2; exit 1; }
step() { echo "-- $* (at $(( ($(date +%s%N) - started) / 1000000 )) ms)"; }

scratch=$(mktemp -d -t fiducia-package.XXXXXX)
installed=0
serve_pid=""
cleanup() {
  if [[ -n "$serve_pid" ]]; then   # a failed check left the server (strace's child) running
    kill $(pgrep -P "$serve_pid") "$serve_pid" 2> /dev/null || true
    wait "$serve_pid" 2> /dev/null || true
  fi
  if [[ $installed -eq 1 ]]; then
    dpkg --purge fiducia > "$scratch/purge.log" 2>&1 || cat "$scratch/purge.log" >&2
    getent passwd fiducia > /dev/null && echo "package-test: purge left the fiducia user" >&2
    [[ -e /var/lib/fiducia || -e /var/cache/fiducia || -e /etc/fiducia ]] &&
      echo "package-test: purge left files" >&2
  fi
  rm -rf "$scratch"
}
trap cleanup EXIT

# --- Build: the man pages and config are build outputs (target package_files); cpack packs
# what `cmake --install` would install.
step "cpack in $build"
cmake --build "$build" --target fiducia fiducia-gen package_files > "$scratch/build.log" 2>&1 ||
  { cat "$scratch/build.log" >&2; fail "build failed"; }
rm -f "$build"/fiducia_*.deb
(cd "$build" && cpack -G DEB) > "$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; fail "cpack failed"; }
debs=("$build"/fiducia_*.deb)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || fail "expected one fiducia_*.deb in $build"
deb="${debs[0]}"
version=$(sed -n 's/^project(fiducia VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
echo "$deb ($(du -h "$deb" | cut -f1))"

# --- What the package holds.
step "dpkg-deb --info and --contents"
info=$(dpkg-deb --info "$deb")
field() { dpkg-deb --field "$deb" "$1"; }
[[ $(field Package) == fiducia && $(field Version) == "$version" ]] ||
  fail "package is $(field Package) $(field Version), expected fiducia $version"
depends=$(field Depends)
# dpkg-shlibdeps found the libraries' packages: a few that must be among them.
for lib in libc6 libstdc++6 libhyperscan5 libicu72 libsqlite3-0 libpq5 libgmime-3.0-0 adduser; do
  grep -q "\b$lib\b" <<< "$depends" || fail "Depends lacks $lib: $depends"
done
for script in postinst prerm postrm conffiles; do
  grep -qw "$script" <<< "$info" || fail "no $script in the control archive"
done
conffiles=$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)
for f in /etc/fiducia/fiducia.toml /etc/default/fiducia; do
  grep -qx "$f" <<< "$conffiles" || fail "$f is not a conffile"
done
contents=$(dpkg-deb --contents "$deb" | awk '{print $NF}')
pages=(fiducia fiducia-gen fiducia-audit fiducia-import fiducia-coach fiducia-config
       fiducia-serve fiducia-token)
expected=(./usr/bin/fiducia ./usr/bin/fiducia-gen ./lib/systemd/system/fiducia.service
          ./etc/fiducia/fiducia.toml ./etc/default/fiducia
          ./usr/share/doc/fiducia/examples/samples/acme-telco.jsonl)
for page in "${pages[@]}"; do expected+=("./usr/share/man/man1/$page.1.gz"); done
for f in "${expected[@]}"; do
  grep -qx -- "$f" <<< "$contents" || fail "$f is not in the package"
done

# --- Install (root, and no fiducia installed that this test would purge), else unpack.
root="$scratch/root"
if [[ $(id -u) -eq 0 && "${FIDUCIA_PACKAGE_INSTALL:-1}" != 0 ]] &&
   ! dpkg-query -W -f='${Status}' fiducia 2> /dev/null | grep -q "ok installed"; then
  step "dpkg -i"
  installed=1
  dpkg -i "$deb" > "$scratch/dpkg.log" 2>&1 || { cat "$scratch/dpkg.log" >&2; fail "dpkg -i failed"; }
  root=""
  getent passwd fiducia > /dev/null || fail "postinst made no fiducia user"
  [[ $(stat -c '%U:%G %a' /etc/fiducia/fiducia.toml) == "root:fiducia 640" ]] ||
    fail "/etc/fiducia/fiducia.toml is $(stat -c '%U:%G %a' /etc/fiducia/fiducia.toml)"
  [[ $(stat -c '%U:%G' /var/lib/fiducia) == "fiducia:fiducia" ]] || fail "no /var/lib/fiducia"
  dpkg-query --showformat='${Conffiles}\n' --show fiducia | grep -q /etc/default/fiducia ||
    fail "dpkg does not list the conffiles"
  # What fiducia.service gives the server: its user, its home, its cache directory.
  install -d -o fiducia -g fiducia -m 0750 /var/cache/fiducia
  as_service=(setpriv --reuid=fiducia --regid=fiducia --init-groups --
              env HOME=/var/lib/fiducia FIDUCIA_CACHE_DIR=/var/cache/fiducia)
  state=/var/lib/fiducia
else
  step "dpkg-deb -x into a scratch root"
  dpkg-deb -x "$deb" "$root"
  as_service=()
  state="$scratch/state"
  mkdir -p "$state"
fi
bin="$root/usr/bin"
config="$root/etc/fiducia/fiducia.toml"

# --- The installed binaries.
step "installed fiducia --version, config --check, audit of data/samples"
[[ $("$bin/fiducia" --version) == "fiducia $version" ]] ||
  fail "fiducia --version says '$("$bin/fiducia" --version)', the package $version"
[[ $("$bin/fiducia-gen" --version) == "fiducia-gen $version" ]] || fail "fiducia-gen --version"
"$bin/fiducia" config --check "$config" > /dev/null || fail "the installed config does not check"
TZ=Europe/Rome "$bin/fiducia" audit --quiet --json "$scratch/plain.json" data/samples ||
  fail "audit of data/samples failed"
# Every key of the installed config is commented out: it must judge exactly as no config. Run
# as the service's user (when installed): it reads the config, and compiles the cue database
# into the service's cache as the first start would (under strace, checked below).
tracer=()
command -v strace > /dev/null && tracer=(strace -f -qq -o "$state/audit.strace")
TZ=Europe/Rome "${as_service[@]}" "${tracer[@]}" "$bin/fiducia" audit --quiet --config "$config" --json - \
  "$root/usr/share/doc/fiducia/examples/samples" > "$scratch/conf.json" ||
  fail "audit with the installed config failed"
cmp -s "$scratch/plain.json" "$scratch/conf.json" ||
  fail "the installed (all commented) config changes the audit"
grep -q '"rule"' "$scratch/plain.json" || fail "the audit of data/samples found nothing"
for page in "${pages[@]}"; do
  man -l "$root/usr/share/man/man1/$page.1.gz" 2> /dev/null | grep -q "^NAME" ||
    fail "man page $page does not render"
done

# --- The installed server as the service runs it, under strace.
step "installed fiducia serve: SIGTERM and the sandbox (strace)"
if command -v strace > /dev/null; then
  trace="$state/package-test.strace"
  log="$scratch/serve.log"
  : > "$log"
  # setpriv (when installed) runs strace, and so the server, as the service's user.
  "${as_service[@]}" strace -f -qq -o "$trace" "$bin/fiducia" serve --config "$config" \
    --db "$state/package-test.db" --listen 127.0.0.1:0 2> "$log" &
  serve_pid=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\).*|\1|p' "$log" || true)
    [[ -n "$port" ]] && break
    sleep 0.1
  done
  [[ -n "$port" ]] || { cat "$log" >&2; fail "fiducia serve did not start"; }
  curl -fsS "http://127.0.0.1:$port/healthz" > /dev/null || fail "GET /healthz"
  curl -fsS -X POST --data-binary @data/samples/acme-telco.jsonl \
    "http://127.0.0.1:$port/v1/events" > /dev/null || fail "POST /v1/events"
  curl -fsS "http://127.0.0.1:$port/v1/waiting" | grep -q '"waiting"' || fail "GET /v1/waiting"
  curl -fsS "http://127.0.0.1:$port/" > /dev/null || fail "GET /"
  # SIGTERM to the server itself (strace's child), as systemd's stop sends it.
  server_pid=$(pgrep -P "$serve_pid" -x fiducia)
  kill -TERM "$server_pid"
  code=0
  wait "$serve_pid" || code=$?
  serve_pid=""
  [[ $code -eq 0 ]] || { cat "$log" >&2; fail "fiducia serve exited $code on SIGTERM"; }
  grep -q "fiducia: stopped" "$log" || fail "fiducia serve did not stop gracefully"
  # The server's calls, and the audit's (its cue database compiled, as at the first start).
  server_calls=$(cat "$trace" "$state/audit.strace" | grep -v "^[0-9]* *+++\|^[0-9]* *---")
  rm -f "$state"/package-test.db* "$trace" "$state/audit.strace"
  if grep -E 'mmap\(.*PROT_WRITE\|PROT_EXEC|mmap\(.*PROT_EXEC\|PROT_WRITE|mprotect\(.*PROT_EXEC|shmat' \
       <<< "$server_calls"; then
    fail "fiducia serve maps writable and executable memory: MemoryDenyWriteExecute would kill it"
  fi
  allowed=$(systemd-analyze syscall-filter @system-service |
            grep -o '^ *@[a-z-]*' | tr -d ' ' | sort -u | xargs systemd-analyze syscall-filter |
            grep -v '^ *[@#]' | tr -d ' ' | sort -u)
  used=$(grep -o '^[0-9]* *[a-z_0-9]*(' <<< "$server_calls" | sed 's/^[0-9]* *//; s/($//' | sort -u)
  outside=$(comm -23 <(echo "$used") <(echo "$allowed") | grep -v '^execve$' || true)
  [[ -z "$outside" ]] || fail "system calls outside SystemCallFilter=@system-service: $outside"
  echo "$(wc -l <<< "$used") system calls, all in @system-service; no W+X memory"
else
  echo "no strace: the sandbox check is skipped"
fi

# --- The unit. systemd-analyze verify needs the binary of ExecStart and (for Documentation=)
# the man pages where the unit names them: the installed ones, or the scratch root's.
step "systemd-analyze verify"
unit="$root/lib/systemd/system/fiducia.service"
if [[ -n "$root" ]]; then
  mkdir -p "$scratch/unit"
  sed "s|/usr/bin/fiducia|$root/usr/bin/fiducia|" "$unit" > "$scratch/unit/fiducia.service"
  unit="$scratch/unit/fiducia.service"
fi
verified=$(MANPATH="${root}/usr/share/man" systemd-analyze verify "$unit" 2>&1) ||
  { echo "$verified" >&2; fail "systemd-analyze verify failed"; }
[[ -z "$verified" ]] || { echo "$verified" >&2; fail "systemd-analyze verify warns"; }
# The sandbox as systemd scores it (0 to 10, lower is safer): 1.5 when this was written.
exposure=$(systemd-analyze security --offline=yes --threshold=20 "$unit" 2>&1) ||
  { echo "$exposure" >&2; fail "the unit's exposure is above 2.0"; }
tail -n 1 <<< "$exposure"

elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
echo "== package test passed in $((elapsed / 1000)).$(printf %03d $((elapsed % 1000))) s"
