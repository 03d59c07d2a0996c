#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests, in a directory of its own:
#   scripts/pg-test-server.sh start DIR   prints its URL: postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/pg-test-server.sh stop DIR    stops it and removes DIR
# As root the server runs as the `postgres` user (initdb refuses root), else as the caller.
# Trust authentication on 127.0.0.1 only, fsync off: it holds test data and dies with the tests.
set -euo pipefail

cmd="${1:-}" dir="${2:-}"
[[ -n "$dir" && ( "$cmd" == start || "$cmd" == stop ) ]] || {
  echo "usage: scripts/pg-test-server.sh start|stop DIR" >&2
  exit 2
}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x "$bindir/initdb" ]] || {
  echo "pg-test-server: no PostgreSQL server binaries under /usr/lib/postgresql (install postgresql)" >&2
  exit 1
}
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [[ "$cmd" == stop ]]; then
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

mkdir -p "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
for attempt in 1 2 3; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
       -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=off -c max_connections=300" \
       start > /dev/null 2>&1; then
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    exit 0
  fi
done
echo "pg-test-server: PostgreSQL did not start; its log:" >&2
cat "$dir/server.log" >&2 || true
exit 1
