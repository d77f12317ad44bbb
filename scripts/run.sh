#!/usr/bin/env bash
# shellcheck disable=SC2317  # check functions are called indirectly, by name
# `npm start`: installs, builds and runs the whole of Spool on this machine:
# PostgreSQL and NATS (started if installed here and not running), migrations,
# then apps/jobs, apps/gateway and every worker app as child processes.
# Ctrl-C stops them all (SIGTERM, then SIGKILL after 35 s).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/spool}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export HOST="${HOST:-127.0.0.1}"   # HOST=0.0.0.0 to reach the services from other machines
GATEWAY_PORT="${PORT:-3000}"
JOBS_PORT="${JOBS_HTTP_PORT:-3001}"
FIRST_WORKER_PORT="${WORKER_HTTP_PORT:-3002}"
STOP_GRACE_SECONDS=35
pids=()

if [[ -t 2 ]]; then bold=$'\e[1m' plain=$'\e[0m'; else bold='' plain=''; fi
log() { printf '%s[spool]%s %s\n' "$bold" "$plain" "$*" >&2; }
die() { log "error: $*"; exit 1; }
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# host and port of a URL, e.g. `127.0.0.1 5432`
host_port() { node -e 'const u = new URL(process.argv[1]); console.log(u.hostname.replace(/^\[|\]$/g, ""), u.port || process.argv[2])' "$1" "$2"; }
is_local() { [[ $1 == 127.* || $1 == localhost || $1 == ::1 ]]; }
answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }
# NATS greets every client with an INFO line that says whether JetStream is on.
nats_js() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2; head -n 1 <&3" 2>/dev/null | grep -q '"jetstream":true'; }
any_alive() { for pid; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
http_ok() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }

# Waits up to $1 seconds for the command after it to succeed; fails early if a child died.
wait_for() {
  local seconds=$1 i pid; shift
  for ((i = 0; i < seconds * 4; i++)); do
    "$@" && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || die "a service exited during start-up (see its output above)"; done
    sleep 0.25
  done
  return 1
}

ensure_service() { # name url default-port check start-command...
  local name=$1 url=$2 default_port=$3 check=$4; shift 4
  local host port
  read -r host port < <(host_port "$url" "$default_port")
  "$check" "$host" "$port" && return 0
  answers "$host" "$port" && die "$name answers at $host:$port but not as expected (NATS without JetStream, -js?)"
  is_local "$host" || die "$name does not answer at $host:$port (not local, so not started here)"
  log "starting $name"
  as_root "$@" || die "could not start $name (installed? root or sudo?)"
  wait_for 30 "$check" "$host" "$port" || die "$name does not answer at $host:$port"
}

# Starts a child, in a process group of its own (set -m) so that Ctrl-C reaches
# only this script, which then stops the children in order.
start() { # name script [VAR=value...]
  local name=$1 script=$2; shift 2
  local prefix; prefix=$(printf '%-12s|' "$name")
  set -m
  env "$@" node --enable-source-maps "$script" > >(trap '' INT TERM; exec sed -u "s/^/$prefix /") 2>&1 &
  pids+=("$!")
  set +m
}

# Workers and gateway first, jobs (pids[0]) last, so draining workers can still
# report what they finish. SIGKILL for whatever is left after 35 s.
stop_children() {
  (( ${#pids[@]} )) || return 0
  trap 'kill -KILL "${pids[@]}" 2>/dev/null' INT TERM   # a second Ctrl-C kills at once
  log "stopping (workers, gateway, then jobs; SIGKILL after ${STOP_GRACE_SECONDS} s; Ctrl-C again to kill now)"
  local deadline=$((SECONDS + STOP_GRACE_SECONDS))
  kill -TERM "${pids[@]:1}" 2>/dev/null || true
  while any_alive "${pids[@]:1}" && ((SECONDS < deadline)); do sleep 0.1; done
  kill -TERM "${pids[0]}" 2>/dev/null || true
  while any_alive "${pids[@]}" && ((SECONDS < deadline)); do sleep 0.1; done
  if any_alive "${pids[@]}"; then log "killing what is left"; kill -KILL "${pids[@]}" 2>/dev/null || true; fi
  wait || true
  pids=()
}
trap stop_children EXIT
trap 'exit 0' INT TERM

# 1. Dependencies (again whenever package-lock.json changes) and build.
stamp=node_modules/.spool-lock.sha256
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -d node_modules || "$(cat "$stamp" 2>/dev/null)" != "$lock_hash" ]]; then
  log "installing dependencies (npm ci)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" >"$stamp"
fi
log "building"
npm run build --silent

# 2. ffmpeg for the media workers (Debian's package), PostgreSQL and NATS with JetStream.
if ! command -v "${FFMPEG_PATH:-ffmpeg}" >/dev/null || ! command -v "${FFPROBE_PATH:-ffprobe}" >/dev/null; then
  log "installing ffmpeg (Debian package)"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg \
    || die "ffmpeg is missing and could not be installed; install it or set FFMPEG_PATH and FFPROBE_PATH"
fi
# shellcheck disable=SC2046  # one word per installed PostgreSQL version, as the distribution expects
ensure_service PostgreSQL "$DATABASE_URL" 5432 answers \
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
ensure_service "NATS (JetStream)" "$NATS_URL" 4222 nats_js \
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- \
  -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log

# 3. Schema, and an admin key kept in .spool/admin-key.
npm run migrate --silent
key_note="from your environment"
if [[ -z ${ADMIN_API_KEY:-} ]]; then
  key_note="also in .spool/admin-key"
  mkdir -p .spool
  [[ -s .spool/admin-key ]] || (umask 077 && node -p 'require("node:crypto").randomBytes(32).toString("hex")' >.spool/admin-key)
  ADMIN_API_KEY=$(<.spool/admin-key)
fi
export ADMIN_API_KEY
# The key that signs download URLs of the local storage driver, kept the same way.
if [[ -z ${STORAGE_SIGNING_SECRET:-} ]]; then
  [[ -s .spool/storage-secret ]] || (mkdir -p .spool && umask 077 && node -p 'require("node:crypto").randomBytes(32).toString("hex")' >.spool/storage-secret)
  STORAGE_SIGNING_SECRET=$(<.spool/storage-secret)
fi
export STORAGE_SIGNING_SECRET
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://localhost:$GATEWAY_PORT}"

# 4. The services: jobs first (workers register with it as they start).
start jobs dist/apps/jobs/src/main.js "JOBS_HTTP_PORT=$JOBS_PORT"
wait_for 60 http_ok "http://127.0.0.1:$JOBS_PORT/health/ready" || die "apps/jobs is not ready after 60 s"
start gateway dist/apps/gateway/src/main.js "PORT=$GATEWAY_PORT"
port=$FIRST_WORKER_PORT
shopt -s nullglob
for main in dist/apps/worker-test/src/main.js dist/apps/worker-*/src/main.js; do
  app=${main#dist/apps/} && app=${app%%/*}
  [[ $app == worker-test && $port != "$FIRST_WORKER_PORT" ]] && continue   # listed twice
  [[ -f $main && -d apps/$app ]] || continue   # skip builds of apps that no longer exist
  start "$app" "$main" "WORKER_HTTP_PORT=$port"
  port=$((port + 1))
done
wait_for 60 http_ok "http://127.0.0.1:$GATEWAY_PORT/health/ready" || die "the gateway is not ready after 60 s"

# 5. How to use it.
base="http://localhost:$GATEWAY_PORT"
token=$(node dist/libs/auth/src/mint-token.js --sub dev)
cat >&2 <<EOF

${bold}Spool is running.${plain}  Swagger UI: $base/docs

  export TOKEN=$token
  export ADMIN_API_KEY=$ADMIN_API_KEY    # $key_note

  # create a job
  curl -s -X POST $base/v1/jobs -H "Authorization: Bearer \$TOKEN" -H 'Content-Type: application/json' \\
       -d '{"type":"test.noop","input":{"sleepMs":2000}}'
  # stream its events (history, then live)
  curl -N $base/v1/jobs/<job id>/events -H "Authorization: Bearer \$TOKEN"
  # upload a video: it gets probed, a proxy and thumbnails (README: "Process your first video")
  curl -s -X POST "$base/v1/uploads?filename=clip.mp4" -H "Authorization: Bearer \$TOKEN" --data-binary @clip.mp4
  # queue statistics (admin)
  curl -s $base/v1/admin/queue -H "Authorization: Bearer \$ADMIN_API_KEY"

Ctrl-C stops everything.
EOF

# 6. Run until Ctrl-C, or until one service exits on its own (then stop the rest).
status=0
wait -n "${pids[@]}" || status=$?
log "a service exited (status $status); stopping the others"
exit $((status == 0 ? 1 : status))
