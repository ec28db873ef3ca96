#!/usr/bin/env bash
# Starts a local PostgreSQL server for the Postgres store's tests and prints
# the line that enables them:
#
#   export MIXCOATL_TEST_POSTGRES=postgres://mixcoatl:…@127.0.0.1:PORT/mixcoatl_test?sslmode=disable
#
# With an argument, the line is written to that file instead (for `source`).
# Installs Debian's postgresql package when missing (as root; apt-get update
# first), creates and starts the cluster when needed, then makes sure the
# role and database exist. Idempotent: on a machine where the server is
# already up it only checks and prints, in well under a second. Any failure
# stops the script with a message (set -e plus explicit checks).
#
# The server listens on loopback only (Debian's default listen_addresses is
# localhost) and the password is a fixed test credential for a throwaway
# database; do not point this at a server that holds anything else.
set -euo pipefail

out=${1:-}
user=mixcoatl
password=mixcoatl-test
database=mixcoatl_test

fail() { echo "postgres.sh: $*" >&2; exit 1; }

server_installed() {
  compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null && command -v pg_ctlcluster >/dev/null
}

if ! server_installed; then
  [ "$(id -u)" -eq 0 ] || fail "PostgreSQL is not installed and installing it needs root"
  echo "postgres.sh: installing PostgreSQL (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || fail "apt-get update failed"
  apt-get install -y -qq --no-install-recommends postgresql >&2 || fail "apt-get install postgresql failed"
  server_installed || fail "postgresql installed but no server binary found under /usr/lib/postgresql"
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
[ -n "$version" ] || fail "no PostgreSQL version under /usr/lib/postgresql"

# pg_lsclusters columns: Ver Cluster Port Status Owner Data-directory Log-file.
cluster_line() { pg_lsclusters --no-header 2>/dev/null | awk -v v="$version" '$1 == v && $2 == "main"'; }

if [ -z "$(cluster_line)" ]; then
  [ "$(id -u)" -eq 0 ] || fail "no cluster $version/main and creating one needs root"
  echo "postgres.sh: creating cluster $version/main" >&2
  pg_createcluster "$version" main >&2 || fail "pg_createcluster $version main failed"
fi
port=$(cluster_line | awk '{print $3}')
status=$(cluster_line | awk '{print $4}')
[ -n "$port" ] || fail "cannot read the port of cluster $version/main from pg_lsclusters"

if [ "$status" != online ]; then
  echo "postgres.sh: starting cluster $version/main on port $port" >&2
  pg_ctlcluster "$version" main start >&2 || {
    log=$(cluster_line | awk '{print $7}')
    [ -r "$log" ] && tail -n 20 "$log" >&2
    fail "pg_ctlcluster $version main start failed"
  }
fi

wait_ready() {
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && return 0
    sleep 0.5
  done
  fail "server on 127.0.0.1:$port not accepting connections after 30s"
}
wait_ready

# As the postgres superuser over the local socket (peer authentication).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"
  else
    psql -X -q -v ON_ERROR_STOP=1 -p "$port" -U postgres "$@"
  fi
}

# The store's tests run in parallel, each store with a small pool; the
# default 100 connections is tight on a many-core CI machine. Raising it
# needs a restart, done once.
min_connections=300
if [ "$(as_postgres -d postgres -tAc 'SHOW max_connections')" -lt "$min_connections" ]; then
  echo "postgres.sh: raising max_connections to $min_connections (restart)" >&2
  as_postgres -d postgres -c "ALTER SYSTEM SET max_connections = $min_connections" >&2 ||
    fail "ALTER SYSTEM SET max_connections failed"
  pg_ctlcluster "$version" main restart >&2 || fail "pg_ctlcluster $version main restart failed"
  wait_ready
fi

# The role may create schemas in its database (each test makes its own).
as_postgres -d postgres >&2 <<SQL || fail "creating role $user failed"
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN
    CREATE ROLE $user LOGIN PASSWORD '$password';
  ELSE
    ALTER ROLE $user LOGIN PASSWORD '$password';
  END IF;
END
\$\$;
SQL
if [ "$(as_postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]; then
  as_postgres -d postgres -c "CREATE DATABASE $database OWNER $user" >&2 || fail "creating database $database failed"
fi

dsn="postgres://$user:$password@127.0.0.1:$port/$database?sslmode=disable"
# Check the DSN really works over TCP with password authentication.
PGCONNECT_TIMEOUT=5 psql -X -q "$dsn" -tAc 'SELECT 1' >/dev/null ||
  fail "cannot log in as $user to $database on 127.0.0.1:$port with password authentication"

line="export MIXCOATL_TEST_POSTGRES=$dsn"
if [ -n "$out" ]; then
  echo "$line" >"$out"
  echo "postgres.sh: PostgreSQL $version ready on 127.0.0.1:$port; wrote $out" >&2
else
  echo "$line"
fi
