#!/usr/bin/env bash
# The multi-node rig on one machine (docs/deploy.md, "Several machines"):
# a PostgreSQL primary and a streaming replica, Redis, an S3-compatible
# server (moto), two gunicorn app servers, Varnish in front of both and one
# task worker, each its own process with a pid file and a log under the
# state directory (.cluster/, or CLUSTER_DIR).
#
#   cluster.sh up                 start everything, in order, each when the
#                                 one before answers
#   cluster.sh down               stop everything it started
#   cluster.sh start|stop|restart COMPONENT
#   cluster.sh status
#
# Components: primary replica redis s3 mail app-a app-b edge worker timers. Stopping one
# stops that process alone, so the others' handling of its absence can be
# watched; `start` brings it back with the same data and settings.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
STATE=${CLUSTER_DIR:-$ROOT/.cluster}
# The virtualenv `up` was given is kept, so that a component restarted on
# its own later runs from the same one.
VENV=${VENV:-$(cat "$STATE/venv" 2>/dev/null || echo "$ROOT/.venv")}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

PRIMARY_PORT=18732
REPLICA_PORT=5433
REDIS_PORT=18763
S3_PORT=18790
APP_A_PORT=18701
APP_B_PORT=18702
EDGE_PORT=18780
MAIL_PORT=18725
COMPONENTS=(primary replica redis s3 mail app-a app-b edge worker timers)
# How often the rig runs `takedown_timers` (cron does in production): it
# retries mail the mail server refused or never answered.
TIMERS_INTERVAL=${TIMERS_INTERVAL:-10}
DATABASE=aggregator
# Renditions (read by anyone at MEDIA_URL) and masters (never served).
PUBLIC_BUCKET=rig-media
PRIVATE_BUCKET=rig-private
# Seconds a component gets to answer after it starts.
READY_TIMEOUT=60

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root: run its programs as `postgres` then.
as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# Wait until `$@` succeeds, or fail after READY_TIMEOUT seconds.
wait_for() {
    local what=$1
    shift
    local deadline=$((SECONDS + READY_TIMEOUT))
    until "$@" >/dev/null 2>&1; do
        if [ -f "$(pid_file "$what")" ] && ! is_running "$what"; then
            die "$what exited (log: $STATE/logs/$what.log)"
        fi
        [ $SECONDS -lt $deadline ] || die "$what did not answer within ${READY_TIMEOUT} s (logs: $STATE/logs)"
        sleep 0.2
    done
}

http_ok() { curl -sf -o /dev/null --max-time 2 "$1"; }

pid_file() { echo "$STATE/run/$1.pid"; }

is_running() {
    local pid_file
    pid_file=$(pid_file "$1")
    [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

# Start `$@` in a session of its own, so that stopping it stops its children
# (gunicorn's workers, varnishd's child) and nothing else. It runs with the
# rig's settings in its environment (only the Django processes read them).
spawn() {
    local name=$1
    shift
    (
        set -a
        # shellcheck source=/dev/null
        . "$STATE/app.env"
        set +a
        cd "$ROOT"
        exec setsid "$@" >>"$STATE/logs/$name.log" 2>&1 </dev/null
    ) &
    echo $! >"$(pid_file "$name")"
}

# Stop what `spawn` started: TERM to its session, KILL after 10 s.
kill_spawned() {
    local name=$1 pid_file pid
    pid_file=$(pid_file "$name")
    [ -f "$pid_file" ] || return 0
    pid=$(cat "$pid_file")
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$pid_file"
}

# The settings every Django process of the rig reads (app servers, worker,
# migrate), written once so that a restarted component gets the same ones.
#
# The fault suite's feeds are served on 127.0.0.1 (tests/faults), hence
# INGEST_ALLOW_PRIVATE_HOSTS.
write_settings() {
    [ -f "$STATE/app.env" ] && return 0
    local secret
    secret=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')
    cat >"$STATE/app.env" <<SETTINGS
DEBUG=False
SECRET_KEY=$secret
ALLOWED_HOSTS=127.0.0.1,localhost
SITE_URL=http://127.0.0.1:$EDGE_PORT
TRUSTED_PROXY_COUNT=1
DATABASE_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DATABASE
DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DATABASE?connect_timeout=2
CACHE_URL=redis://127.0.0.1:$REDIS_PORT/0
TASKS_BACKEND=database
EDGE_PURGE_BACKEND=varnish
EDGE_PURGE_URLS=http://127.0.0.1:$EDGE_PORT
STATIC_ROOT=$STATE/static
MEDIA_STORAGE=s3
MEDIA_URL=http://127.0.0.1:$S3_PORT/$PUBLIC_BUCKET/
S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
S3_PUBLIC_BUCKET=$PUBLIC_BUCKET
S3_PRIVATE_BUCKET=$PRIVATE_BUCKET
S3_REGION=us-east-1
S3_ACCESS_KEY_ID=rig
S3_SECRET_ACCESS_KEY=rig-not-secret
EMAIL_URL=smtp://127.0.0.1:$MAIL_PORT
INGEST_ALLOW_PRIVATE_HOSTS=True
LOG_LEVEL=INFO
SETTINGS
    # Where the rig's parts answer, for tests/cluster and people.
    cat >"$STATE/rig.env" <<ADDRESSES
EDGE_URL=http://127.0.0.1:$EDGE_PORT
APP_A_URL=http://127.0.0.1:$APP_A_PORT
APP_B_URL=http://127.0.0.1:$APP_B_PORT
S3_URL=http://127.0.0.1:$S3_PORT
PRIMARY_URL=postgres://postgres@127.0.0.1:$PRIMARY_PORT/$DATABASE
REPLICA_URL=postgres://postgres@127.0.0.1:$REPLICA_PORT/$DATABASE
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
MAIL_DIR=$STATE/mail
ADDRESSES
}

# Run a Django management command with the rig's settings.
manage() {
    (
        set -a
        # shellcheck source=/dev/null
        . "$STATE/app.env"
        set +a
        cd "$ROOT"
        exec "$VENV/bin/python" manage.py "$@"
    )
}

# --- PostgreSQL -------------------------------------------------------------

postgres_log() {
    local log="$STATE/logs/$1.log"
    touch "$log"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$log"
    echo "$log"
}

start_primary() {
    local data="$STATE/primary"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "primary: initdb"
        install -d -m 700 "$data"
        [ "$(id -u)" -ne 0 ] || chown postgres: "$data"
        as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null
        cat >>"$data/postgresql.conf" <<CONF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
# TCP only: a socket in the data directory would be copied to the replica.
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 4
# A throwaway rig: losing its data in a machine crash costs nothing, and
# syncing every commit would slow the machine every other test shares.
# Commits stay synchronous: WAL is streamed once written, and asynchronous
# commit would hold it back up to wal_writer_delay, a replica lag no
# production primary has.
fsync = off
full_page_writes = off
CONF
        # Loopback only, without passwords: the rig is never reachable from
        # elsewhere. Replication connections need their own line.
        cat >"$data/pg_hba.conf" <<HBA
host    all           all    127.0.0.1/32 trust
host    replication   all    127.0.0.1/32 trust
HBA
    fi
    as_postgres "$PG_BIN/pg_ctl" start -D "$data" -l "$(postgres_log primary)" -w -t "$READY_TIMEOUT" >/dev/null
    wait_for primary "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PRIMARY_PORT"
    if ! "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres "$DATABASE"
    fi
}

start_replica() {
    local data="$STATE/replica"
    if [ ! -f "$data/PG_VERSION" ]; then
        log "replica: pg_basebackup from the primary"
        install -d -m 700 "$data"
        [ "$(id -u)" -ne 0 ] || chown postgres: "$data"
        # -R writes standby.signal and primary_conninfo: a streaming replica.
        as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" \
            -U postgres -D "$data" -R -X stream --checkpoint=fast
        cat >>"$data/postgresql.conf" <<CONF
port = $REPLICA_PORT
CONF
    fi
    as_postgres "$PG_BIN/pg_ctl" start -D "$data" -l "$(postgres_log replica)" -w -t "$READY_TIMEOUT" >/dev/null
    wait_for replica "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT"
    wait_for "replica streaming" replica_streams
}

replica_streams() {
    "$PG_BIN/psql" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -tAc \
        "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'" | grep -qx '[1-9][0-9]*'
}

stop_postgres() {
    local data="$STATE/$1"
    if [ -f "$data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w >/dev/null || true
    fi
}

postgres_running() {
    [ -f "$STATE/$1/PG_VERSION" ] && as_postgres "$PG_BIN/pg_ctl" status -D "$STATE/$1" >/dev/null 2>&1
}

# --- Redis, S3 ----------------------------------------------------------------

start_redis() {
    # No persistence: the cache loses only warmth when Redis restarts.
    spawn redis redis-server --bind 127.0.0.1 --port "$REDIS_PORT" \
        --save '' --appendonly no --dir "$STATE"
    wait_for redis redis-cli -p "$REDIS_PORT" ping
}

start_s3() {
    spawn s3 "$VENV/bin/moto_server" -H 127.0.0.1 -p "$S3_PORT"
    wait_for s3 http_ok "http://127.0.0.1:$S3_PORT/moto-api/"
    # moto keeps everything in memory: a fresh start has no buckets.
    manage create_media_buckets >/dev/null
}

start_mail() {
    spawn mail "$VENV/bin/python" deploy/cluster/mail_sink.py "$MAIL_PORT" "$STATE/mail"
    wait_for mail bash -c "exec 3<>/dev/tcp/127.0.0.1/$MAIL_PORT"
}

# --- The application ----------------------------------------------------------

prepare_application() {
    log "migrate, collectstatic"
    manage migrate --noinput --verbosity 0
    manage collectstatic --noinput --verbosity 0
}

start_app() {
    local name=$1 port=$2
    spawn "$name" "$VENV/bin/gunicorn" aggregator.wsgi \
        --bind "127.0.0.1:$port" --workers 2 --max-requests 1000 --max-requests-jitter 100
    wait_for "$name" http_ok "http://127.0.0.1:$port/healthz"
}

# Started again whenever it exits, as systemd's Restart=always does in
# production (docs/ingestion.md): db_worker exits when the database goes away.
start_worker() {
    spawn worker bash -c "while :; do '$VENV/bin/python' manage.py db_worker --queue-name ingest,default; sleep 1; done"
    sleep 1
    is_running worker || die "worker exited at once (log: $STATE/logs/worker.log)"
}

start_timers() {
    spawn timers bash -c "while :; do '$VENV/bin/python' manage.py takedown_timers; sleep $TIMERS_INTERVAL; done"
    sleep 1
    is_running timers || die "timers exited at once (log: $STATE/logs/timers.log)"
}

# --- Varnish --------------------------------------------------------------------

start_edge() {
    local varnish="$STATE/varnish"
    install -d "$varnish"
    # The two app servers, round-robin, each taken out while /livez fails.
    cat >"$varnish/backends.vcl" <<VCL
vcl 4.1;

import directors;

probe livez {
    .url = "/livez";
    .interval = 1s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app_a { .host = "127.0.0.1"; .port = "$APP_A_PORT"; .probe = livez; }
backend app_b { .host = "127.0.0.1"; .port = "$APP_B_PORT"; .probe = livez; }

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app_a);
    apps.add_backend(app_b);
}
VCL
    spawn edge varnishd -F -a "127.0.0.1:$EDGE_PORT" -T "127.0.0.1:$((EDGE_PORT + 1))" \
        -n "$varnish/instance" -s malloc,256m \
        -p vcl_path="$varnish:$ROOT/deploy/varnish" -f "$ROOT/deploy/varnish/default.vcl"
    wait_for edge http_ok "http://127.0.0.1:$EDGE_PORT/livez"
}

# --- Commands ---------------------------------------------------------------------

start() {
    case $1 in
    primary | replica) postgres_running "$1" && return 0 ;;
    *) is_running "$1" && return 0 ;;
    esac
    log "$1: starting"
    case $1 in
    primary) start_primary ;;
    replica) start_replica ;;
    redis) start_redis ;;
    s3) start_s3 ;;
    mail) start_mail ;;
    app-a) start_app app-a "$APP_A_PORT" ;;
    app-b) start_app app-b "$APP_B_PORT" ;;
    edge) start_edge ;;
    worker) start_worker ;;
    timers) start_timers ;;
    *) die "No component $1 (one of: ${COMPONENTS[*]})" ;;
    esac
}

stop() {
    case $1 in
    primary | replica) stop_postgres "$1" ;;
    redis | s3 | mail | app-a | app-b | edge | worker | timers) kill_spawned "$1" ;;
    *) die "No component $1 (one of: ${COMPONENTS[*]})" ;;
    esac
}

up() {
    local started=$SECONDS
    for component in primary replica redis s3 mail; do
        start "$component"
    done
    prepare_application
    for component in app-a app-b edge worker timers; do
        start "$component"
    done
    log "rig up in $((SECONDS - started)) s: edge http://127.0.0.1:$EDGE_PORT/"
}

down() {
    local index
    # The reverse of `up`: nothing is left asking for what is already gone.
    for ((index = ${#COMPONENTS[@]} - 1; index >= 0; index--)); do
        stop "${COMPONENTS[index]}"
    done
    log "rig down"
}

status() {
    local component state
    for component in "${COMPONENTS[@]}"; do
        case $component in
        primary | replica) postgres_running "$component" && state=running || state=stopped ;;
        *) is_running "$component" && state=running || state=stopped ;;
        esac
        printf '%-8s %s\n' "$component" "$state"
    done
}

main() {
    [ $# -ge 1 ] || die "Usage: $0 up|down|status|start|stop|restart [COMPONENT]"
    install -d "$STATE" "$STATE/run" "$STATE/logs"
    echo "$VENV" >"$STATE/venv"
    write_settings
    case $1 in
    up) up ;;
    down) down ;;
    status) status ;;
    start | stop) [ $# -eq 2 ] || die "Usage: $0 $1 COMPONENT"; "$1" "$2" ;;
    restart) [ $# -eq 2 ] || die "Usage: $0 restart COMPONENT"; stop "$2"; start "$2" ;;
    *) die "No command $1" ;;
    esac
}

main "$@"
