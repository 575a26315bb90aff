# Sourced by bin/test and .ci/postgres: whether the PostgreSQL the tests use lets them in.

qrly_pg_probe() {
  # Whether PostgreSQL on host $1, port $2 lets user $3 into database $4 without a password, as
  # the tests connect. Speaks the start of the wire protocol itself, so no client program is
  # needed. Returns 0, or prints why not and returns 1.
  local host=$1 port=$2 user=$3 db=$4 length answers type body
  # StartupMessage: its length, protocol 3.0, then "user" and "database" with their values, each
  # NUL-terminated, and a final NUL
  length=$((4 + 4 + 5 + ${#user} + 1 + 9 + ${#db} + 1 + 1))
  # The server's messages, one a line in hex: a type byte, a length (itself included), the rest;
  # read until it is in (a setting 'S', or ready 'Z'), refuses ('E') or asks for a password.
  answers=$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$1/$2" || exit 1
    printf "\\x00\\x00\\x00\\x$5\\x00\\x03\\x00\\x00user\\x00%s\\x00database\\x00%s\\x00\\x00" "$3" "$4" >&3
    for _ in $(seq 1 100); do
      head=$(dd bs=1 count=5 <&3 2>/dev/null | od -An -v -tx1 | tr -d " \n")
      [ ${#head} -eq 10 ] || exit 0
      rest=$(( 16#${head:2:8} - 4 ))
      [ "$rest" -ge 0 ] && [ "$rest" -lt 65536 ] || exit 0
      body=$(dd bs=1 count="$rest" <&3 2>/dev/null | od -An -v -tx1 | tr -d " \n")
      echo "${head:0:2} $body"
      case ${head:0:2} in 5a|53|45) exit 0 ;; 52) [ "$body" = 00000000 ] || exit 0 ;; esac
    done
  ' probe "$host" "$port" "$user" "$db" "$(printf %02x "$length")" 2>/dev/null) || true
  if [ -z "$answers" ]; then
    echo "nothing that speaks PostgreSQL answers on $host:$port"
    return 1
  fi
  while read -r type body; do
    case $type in
      5a|53) return 0 ;; # 'Z' ready for a query or 'S' a setting: past the checks, so in
      52) # 'R', an authentication request: 0 means done, anything else asks for a password
        [ "$body" = 00000000 ] && continue
        echo "it asks user $user for a password (authentication method $((16#${body:0:8}))), but the tests connect without one"
        return 1
        ;;
      45) # 'E', an error: its text is the field tagged 'M'
        echo "it refuses user $user in database $db: $(printf '%s' "$body" | sed 's/../\\x&/g' | xargs -0 printf '%b' |
          tr '\0' '\n' | sed -n 's/^M//p' | head -n 1)"
        return 1
        ;;
    esac
  done <<<"$answers"
  echo "what answers on $host:$port is not PostgreSQL, or stopped answering"
  return 1
}
