#!/usr/bin/env bash
# A throwaway IMAP server (Dovecot) on loopback for the mailbox tests, in a directory of its own:
#   scripts/imap-test-server.sh start DIR   prints its URL: imap://127.0.0.1:PORT
#   scripts/imap-test-server.sh stop DIR    stops it and removes DIR
# Any user name logs in with the password `fiducia-test` (a static passdb), so that each test
# takes a fresh mailbox of its own; the folders INBOX and Sent exist from the first login.
# Plain IMAP on 127.0.0.1 only, no TLS: it holds test mail and dies with the tests. As root the
# whole server runs as the `dovecot` user (its mail too), else as the caller.
set -euo pipefail

cmd="${1:-}" dir="${2:-}"
[[ -n "$dir" && ( "$cmd" == start || "$cmd" == stop ) ]] || {
  echo "usage: scripts/imap-test-server.sh start|stop DIR" >&2
  exit 2
}
[[ -x /usr/sbin/dovecot ]] || {
  echo "imap-test-server: no /usr/sbin/dovecot (install dovecot-imapd)" >&2
  exit 1
}
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u dovecot -- "$@"; else "$@"; fi
}

if [[ "$cmd" == stop ]]; then
  if [[ -f "$dir/dovecot.conf" ]]; then
    as_owner /usr/sbin/dovecot -c "$dir/dovecot.conf" stop > /dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  exit 0
fi

mkdir -p "$dir/run" "$dir/mail" "$dir/state"
dir=$(cd "$dir" && pwd)
[[ $(id -u) -eq 0 ]] && chown -R dovecot: "$dir"
user=$(as_owner id -un)
group=$(as_owner id -gn)

write_config() {
  cat > "$dir/dovecot.conf" <<EOF
# Written by scripts/imap-test-server.sh: a test server, not for real mail.
protocols = imap
listen = 127.0.0.1
base_dir = $dir/run
state_dir = $dir/state
instance_name = fiducia-test-$1
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_failure_delay = 0
login_trusted_networks = 127.0.0.0/8 ::1/128
auth_mechanisms = plain login
default_internal_user = $user
default_internal_group = $group
default_login_user = $user
first_valid_uid = 0
mail_location = maildir:$dir/mail/%u
passdb {
  driver = static
  args = password=fiducia-test
}
userdb {
  driver = static
  args = uid=$user gid=$group home=$dir/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    auto = create
    special_use = \\Sent
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $1
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
  # no growing delay after failed logins: the tests fail logins on purpose
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
  [[ $(id -u) -eq 0 ]] && chown dovecot: "$dir/dovecot.conf"
  return 0
}

for attempt in 1 2 3; do
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  write_config "$port"
  if as_owner /usr/sbin/dovecot -c "$dir/dovecot.conf" 2>> "$dir/start.log"; then
    for _ in $(seq 1 50); do
      if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1).close()" 2>/dev/null; then
        echo "imap://127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    as_owner /usr/sbin/dovecot -c "$dir/dovecot.conf" stop > /dev/null 2>&1 || true
  fi
done
echo "imap-test-server: Dovecot did not start; its log:" >&2
cat "$dir/start.log" "$dir/dovecot.log" >&2 2>/dev/null || true
exit 1
