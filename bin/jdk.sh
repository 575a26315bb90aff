# Sourced by ./qr and the scripts in bin/: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the folders in $QR_JDK_DIRS (a colon-separated list;
# by default the usual install folders). Prints one line and returns 1 when none is found.

qrly_java_major() {
  # The major version of the JDK whose java binary is $1, or nothing. The JDK's release file says
  # it without starting a JVM (which costs a tenth of a second a candidate); ask java itself only
  # when there is no such file.
  local home=${1%/bin/java} version
  if [ -r "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release" | head -n 1)
    if [ -n "$version" ]; then
      echo "$version"
      return
    fi
  fi
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

qrly_find_jdk() {
  local candidates=() c major dirs
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    candidates+=("${c%/bin/java}")
  fi
  dirs=${QR_JDK_DIRS-/usr/lib/jvm:/usr/local/lib/jvm:/opt/java:/opt:$HOME/.sdkman/candidates/java:$HOME/.jdks}
  local IFS=:
  for d in $dirs; do
    for c in "$d"/*; do
      [ -d "$c" ] && candidates+=("$c")
    done
  done
  unset IFS
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(qrly_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$c"
      QRLY_JAVA_MAJOR=$major
      qrly_maven_opts
      qrly_jvm_flags
      return 0
    fi
  done
  echo "qrly: no JDK 21 or newer found (looked at JAVA_HOME, the java on PATH and ${QR_JDK_DIRS-/usr/lib/jvm and the usual folders}); install one or set JAVA_HOME to it" >&2
  return 1
}

qrly_jvm_flags() {
  # Flags for running the service. From JDK 24 the JVM restricts sun.misc.Unsafe; Netty then falls
  # back to bounds-checked buffer access, which cost the redirect path measurably
  # (docs/BENCHMARKS.md). The flag does not exist before JDK 23, hence the test.
  QRLY_JVM_FLAGS=()
  if [ "${QRLY_JAVA_MAJOR:-0}" -ge 24 ]; then
    QRLY_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
  fi
}

# The service's collector when QR_GC does not name one (measured: docs/BENCHMARKS.md).
QRLY_DEFAULT_GC=${QRLY_DEFAULT_GC:-jvm}

qrly_gc_flags() {
  # The garbage collector for command $1, in QRLY_GC_FLAGS (and its name in QRLY_GC_NAME). The
  # service's is chosen on purpose, not left to the JVM, which picks the serial collector on a
  # machine (or container) with one CPU or less than 1792 MB: see "Choosing the collector" in
  # docs/BENCHMARKS.md. QR_GC names another (g1, zgc, shenandoah, parallel, serial, or jvm for the
  # JVM's own choice); a collector given in QR_JAVA_OPTS wins over both. The other commands are
  # short runs, left to the JVM.
  QRLY_GC_FLAGS=()
  QRLY_GC_NAME=jvm
  [ "${1:-}" = serve ] || return 0
  case " ${QR_JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) QRLY_GC_NAME="from QR_JAVA_OPTS"; return 0 ;; esac
  local gc=${QR_GC:-$QRLY_DEFAULT_GC}
  case "$gc" in
    g1) QRLY_GC_FLAGS=(-XX:+UseG1GC -XX:MaxGCPauseMillis=10) ;;
    zgc)
      QRLY_GC_FLAGS=(-XX:+UseZGC)
      # generational from JDK 21 (a flag then), the only mode from JDK 24
      [ "${QRLY_JAVA_MAJOR:-0}" -lt 23 ] && QRLY_GC_FLAGS+=(-XX:+ZGenerational)
      ;;
    shenandoah) QRLY_GC_FLAGS=(-XX:+UseShenandoahGC) ;;
    parallel) QRLY_GC_FLAGS=(-XX:+UseParallelGC) ;;
    serial) QRLY_GC_FLAGS=(-XX:+UseSerialGC) ;;
    jvm) ;;
    *) echo "qrly: QR_GC must be g1, zgc, shenandoah, parallel, serial or jvm, not '$gc'" >&2; return 1 ;;
  esac
  QRLY_GC_NAME=$gc
}

qrly_cds_flags() {
  # Class data sharing for the jar $1 running command $2: an archive of the classes it loads, next to
  # the jar, which runs map to start faster. ./qr writes them right after a build (bin/cds.sh);
  # otherwise the first run writes one as it exits. One archive a command,
  # since an archive is written only when there is none. An archive older than the jar is removed:
  # the JVM refuses it but does not replace it. Without a writable folder the JVM just runs.
  local archive="${1%.jar}-${2:-help}.jsa"
  if [ -f "$archive" ] && [ "$archive" -ot "$1" ]; then
    rm -f "$archive"
  fi
  QRLY_JVM_FLAGS+=(-XX:+AutoCreateSharedArchive "-XX:SharedArchiveFile=$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
}

qrly_maven_opts() {
  # Maven's own libraries trip JDK 24+'s warnings about native access and sun.misc.Unsafe.
  if [ "${QRLY_JAVA_MAJOR:-0}" -ge 24 ]; then
    export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  fi
}
