#!/usr/bin/env bash
# A throw-away PostgreSQL server on loopback, for the kit's tests or for trying the kit on
# PostgreSQL before pointing COACHKIT_STORE at a real one.
#
#   scripts/pg-test-server.sh start DIR   # prints the store URL to use
#   scripts/pg-test-server.sh stop DIR    # stops the server and removes DIR
#
# Needs Debian's postgresql package (scripts/test-deps.sh installs it; without it this exits 3
# and says how to install it). The server listens on 127.0.0.1 only, on a free port, trusts
# local connections, and keeps everything in DIR.
set -euo pipefail
cmd=${1:?usage: $0 start|stop DIR}
dir=${2:?usage: $0 start|stop DIR}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bin=$(pg_bin)
if [[ -z $bin ]]; then
  echo "PostgreSQL is not installed; install it with scripts/test-deps.sh (as root)" >&2
  echo "or: sudo apt-get install -y postgresql" >&2
  exit 3
fi

case $cmd in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_postgres "$bin/initdb" -D "$dir/data" -U coach --auth=trust -E UTF8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U coach coachkit
    echo "postgresql+psycopg://coach@127.0.0.1:$port/coachkit"
    ;;
  stop)
    if [[ -d $dir/data ]]; then
      as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
