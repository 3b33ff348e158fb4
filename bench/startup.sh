#!/usr/bin/env bash
# Measures what a newcomer sees: seconds from `mvn spring-boot:run` to ready (readiness UP, embedded
# PostgreSQL included), and the resident memory of the idle app. Runs N times (default 3) and prints
# medians. Run `mvn -q compile` once first so the build itself is not timed.
# Baseline in the same run: the time Maven alone needs for `mvn -q validate`, the fixed cost of the command.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
port=18080
url="http://localhost:$port/actuator/health/readiness"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

baseline=()
for _ in $(seq "$runs"); do
  s=$(date +%s.%N); mvn -q -o validate >/dev/null; e=$(date +%s.%N)
  baseline+=("$(echo "$e - $s" | bc)")
done

measure() { # $1: data dir; prints "seconds rss_app_kb rss_postgres_kb"
  local data=$1 log; log=$(mktemp)
  local start; start=$(date +%s.%N)
  UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port mvn -q -o spring-boot:run >"$log" 2>&1 &
  local mvn_pid=$!
  until curl -fs "$url" 2>/dev/null | grep -q '"UP"'; do
    sleep 0.1
    if ! kill -0 "$mvn_pid" 2>/dev/null; then echo "app died, log: $log" >&2; exit 1; fi
  done
  local ready; ready=$(date +%s.%N)
  sleep 20 # idle
  local app_pid; app_pid=$(pgrep -f "UpkeepApplication" | head -1)
  local app_rss; app_rss=$(awk '/VmRSS/ {print $2}' "/proc/$app_pid/status")
  local pg_rss; pg_rss=$(ps -o rss= -C postgres | awk '{s+=$1} END {print s}')
  kill "$app_pid"; wait "$mvn_pid" 2>/dev/null || true
  rm -f "$log"
  echo "$(echo "$ready - $start" | bc) $app_rss $pg_rss"
}

first=(); warm=(); rss=(); pg=()
for _ in $(seq "$runs"); do
  data=$(mktemp -d)
  read -r t r p < <(measure "$data"); first+=("$t")
  read -r t r p < <(measure "$data"); warm+=("$t"); rss+=("$r"); pg+=("$p")
  rm -rf "$data"
done

printf 'maven alone (mvn validate), median s:         %s\n' "$(printf '%s\n' "${baseline[@]}" | median)"
printf 'ready, first start (initdb), median s:        %s\n' "$(printf '%s\n' "${first[@]}" | median)"
printf 'ready, later start (data kept), median s:     %s   (target 15)\n' "$(printf '%s\n' "${warm[@]}" | median)"
printf 'idle RSS of the app JVM, median MB:           %s   (target 450)\n' "$(( $(printf '%s\n' "${rss[@]}" | median | cut -d. -f1) / 1024 ))"
printf 'idle RSS of embedded PostgreSQL (all), MB:    %s\n' "$(( $(printf '%s\n' "${pg[@]}" | median | cut -d. -f1) / 1024 ))"
