#!/usr/bin/env bash
# A throwaway IMAP server (Dovecot) on loopback for the mailbox tests, in a directory of its own:
#   scripts/imap-test-server.sh start DIR   prints its URL: imap://127.0.0.1:PORT
#   scripts/imap-test-server.sh stop DIR    stops it and removes DIR
# Any user name logs in with the password `fiducia-test` (a static passdb), so that each test
# takes a fresh mailbox of its own; the folders INBOX and Sent exist from the first login.
# Plain IMAP on 127.0.0.1, and implicit TLS (imaps) on another port of 127.0.0.1 with a
# certificate made here at start, signed by a throwaway CA of its own (for 127.0.0.1 and
# localhost, valid 2 days): DIR/imaps-url holds imaps://127.0.0.1:PORT and DIR/ca.pem that CA, the
# `ca_file` a client needs to trust the server. It holds test mail and dies with the tests. As
# root the whole server runs as the `dovecot` user (its mail too), else as the caller.
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

mkdir -p "$dir/run" "$dir/mail" "$dir/state" "$dir/tls"
dir=$(cd "$dir" && pwd)

# The throwaway CA and the server's certificate (P-256 keys: made in milliseconds).
make_certificates() {
  local tls="$dir/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=fiducia test CA" -keyout "$tls/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr"
  printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" > "$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$dir/ca.pem" -CAkey "$tls/ca.key" \
    -CAcreateserial -CAserial "$tls/ca.srl" -days 2 -extfile "$tls/server.ext" -out "$tls/server.pem"
}
make_certificates 2>> "$dir/start.log" > /dev/null || {
  echo "imap-test-server: openssl could not make the test certificates:" >&2
  cat "$dir/start.log" >&2
  exit 1
}
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
ssl = yes
ssl_cert = <$dir/tls/server.pem
ssl_key = <$dir/tls/server.key
ssl_min_protocol = TLSv1.2
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
    address = 127.0.0.1
    port = $2
    ssl = yes
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
  read -r port tls_port < <(python3 -c 'import socket
a, b = socket.socket(), socket.socket()
a.bind(("127.0.0.1", 0)); b.bind(("127.0.0.1", 0))
print(a.getsockname()[1], b.getsockname()[1])')
  write_config "$port" "$tls_port"
  if as_owner /usr/sbin/dovecot -c "$dir/dovecot.conf" 2>> "$dir/start.log"; then
    for _ in $(seq 1 50); do
      if python3 -c "import socket
for p in ($port, $tls_port): socket.create_connection(('127.0.0.1', p), 1).close()" 2>/dev/null; then
        echo "imaps://127.0.0.1:$tls_port" > "$dir/imaps-url"
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
