# Sourced by ./qr and the scripts in bin/: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, the java on PATH, then the usual install folders. Prints one line and
# returns 1 when none is found.

qrly_java_major() {
  # The major version of the java binary $1, or nothing.
  "$1" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

qrly_find_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    c=$(readlink -f "$(command -v java)")
    candidates+=("${c%/bin/java}")
  fi
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] && candidates+=("$c")
  done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(qrly_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$c"
      return 0
    fi
  done
  echo "qrly: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one or set JAVA_HOME to it" >&2
  return 1
}
