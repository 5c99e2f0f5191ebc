# Starts a throw-away PostgreSQL server for the tests and exports
# TECHLEAD_TEST_POSTGRES_URL. Source it, then call start_postgres; the server
# stops when the shell exits.
start_postgres() {
  local bin port data run_as
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  port=${TECHLEAD_TEST_POSTGRES_PORT:-55432}
  data=$(mktemp -d /tmp/techlead-pg.XXXXXX)
  run_as=()
  if [ "$(id -u)" = 0 ]; then
    # initdb refuses to run as root.
    chown postgres "$data"
    run_as=(runuser -u postgres --)
  fi
  "${run_as[@]}" "$bin/initdb" -D "$data" -A trust -U postgres >/dev/null
  "${run_as[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" start >/dev/null
  export TECHLEAD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
  # shellcheck disable=SC2064
  trap "${run_as[*]} $bin/pg_ctl -D $data -m immediate stop >/dev/null 2>&1; rm -rf $data" EXIT
  echo "PostgreSQL running: $TECHLEAD_TEST_POSTGRES_URL"
}
