# Sourced by ./qr after it builds the program: writes the class-data archives (see qrly_cds_flags in
# bin/jdk.sh) by running each command once, so that a user's first run starts fast and, above all,
# a first `qr serve` stops at once: the JVM writes an archive as it exits, which for the service
# took about 11 s, a stop that looked hung.

qrly_cds_train() {
  # $1: the jar. Each run is bounded in time; one that fails leaves no archive, and the command then
  # writes its own on first use, as before.
  local jar=$1 scratch java
  scratch=$(mktemp -d)
  java=("$JAVA_HOME/bin/java")
  # the user's settings must not reach the training runs (a database, a Redis, a port)
  QRLY_CDS_ENV=(env)
  while IFS= read -r name; do QRLY_CDS_ENV+=(-u "$name"); done < <(compgen -e | grep '^QR_' || true)

  qrly_jvm_flags
  qrly_cds_flags "$jar" help
  timeout 60 "${QRLY_CDS_ENV[@]}" "${java[@]}" "${QRLY_JVM_FLAGS[@]}" -jar "$jar" --help >/dev/null 2>&1 || true
  qrly_jvm_flags
  qrly_cds_flags "$jar" generate
  timeout 60 "${QRLY_CDS_ENV[@]}" "${java[@]}" "${QRLY_JVM_FLAGS[@]}" -jar "$jar" generate --data "https://example.com/cds" \
    -o "$scratch/code.png" >/dev/null 2>&1 || true
  qrly_jvm_flags
  qrly_cds_flags "$jar" batch
  printf 'destination,slug,label\nhttps://example.com/a,,A\nhttps://example.com/b,,B\n' >"$scratch/codes.csv"
  timeout 60 "${QRLY_CDS_ENV[@]}" "${java[@]}" "${QRLY_JVM_FLAGS[@]}" -jar "$jar" batch "$scratch/codes.csv" -o "$scratch/codes.zip" \
    --offline --format svg,png,pdf >/dev/null 2>&1 || true
  qrly_jvm_flags
  qrly_cds_flags "$jar" serve
  qrly_cds_train_serve "$scratch" "${java[@]}" "${QRLY_JVM_FLAGS[@]}" -jar "$jar" serve || true
  qrly_jvm_flags
  rm -rf "$scratch"
}

qrly_cds_train_serve() {
  # $1: a scratch folder; the rest: the command that runs the service (in the environment
  # QRLY_CDS_ENV). Starts it on a free loopback port with data in the folder, asks it for its pages
  # until the user-agent parser has loaded (the bulk of its classes), then stops it as Ctrl-C
  # would and waits while it writes the archive.
  local scratch=$1 pid port i
  shift
  "${QRLY_CDS_ENV[@]}" QR_DATA_DIR="$scratch/data" QR_HOST=127.0.0.1 QR_PORT=0 "$@" >"$scratch/serve.log" 2>&1 &
  pid=$!
  for i in $(seq 1 600); do
    port=$(sed -n 's|^qrly listening on http://[^:]*:\([0-9]*\)/.*|\1|p' "$scratch/serve.log")
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  if [ -n "$port" ]; then
    for path in / /assets/js/main.js /api/v1/openapi.json /api/v1/session /r/cds /healthz /readyz; do
      qrly_cds_get "$port" "$path" >/dev/null
    done
    for i in $(seq 1 120); do
      qrly_cds_get "$port" /metrics | grep -q '^qrly_enrichment_ready 1' && break
      sleep 0.5
    done
  fi
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

qrly_cds_get() {
  # An HTTP GET of path $2 on 127.0.0.1:$1, answer on standard output; needs no client program.
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" &&
    printf "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$2" >&3 && cat <&3' train "$1" "$2" 2>/dev/null || true
}
