#!/usr/bin/env bash
# Measures what a newcomer sees: seconds from `mvn spring-boot:run` to ready (readiness UP, embedded
# PostgreSQL included), and the resident memory of the idle app. Runs N times (default 3) and prints
# medians. Baseline in the same run: the time Maven alone needs for `mvn -q validate`, the fixed cost of the command.
# Then what an operator's VPS sees: a later start of the jar, with the JVM's defaults (before) and with the
# settings README.md and the Dockerfile document (jvm.options, the class data archive, MALLOC_ARENA_MAX=2).
#   bash bench/startup.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
trap 'echo "bench/startup.sh failed at line $LINENO" >&2' ERR
# Online once, so a fresh machine has every plugin and dependency; the timed runs below are offline.
mvn -q package -DskipTests
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

# The jar as an operator runs it: extracted (as class data sharing needs), a training start writes the archive.
work=$(mktemp -d)
java -Djarmode=tools -jar target/upkeep-*.jar extract --destination "$work/app" >/dev/null
jar=$(ls "$work"/app/upkeep-*.jar)
UPKEEP_DATA_DIR="$work/training" UPKEEP_PORT=$port java @jvm.options -XX:ArchiveClassesAtExit="$work/upkeep.jsa" \
    -Dspring.context.exit=onRefresh -jar "$jar" >"$work/training.log" 2>&1

measure_jar() { # $1: data dir, $2: "tuned" or "defaults"; prints "seconds rss_app_kb"
  local data=$1 log="$work/jar.log" pid start ready
  start=$(date +%s.%N)
  if [ "$2" = tuned ]; then
    MALLOC_ARENA_MAX=2 UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port java @jvm.options \
        -XX:SharedArchiveFile="$work/upkeep.jsa" -jar "$jar" >"$log" 2>&1 &
  else
    UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port java -jar "$jar" >"$log" 2>&1 &
  fi
  pid=$!
  until curl -fs "$url" 2>/dev/null | grep -q '"UP"'; do
    sleep 0.1
    if ! kill -0 "$pid" 2>/dev/null; then echo "app died, log: $log" >&2; exit 1; fi
  done
  ready=$(date +%s.%N)
  sleep 5 # idle, after a few pages
  for page in / /signin /servers/none; do curl -s -o /dev/null "http://localhost:$port$page"; done
  sleep 5
  local rss; rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(echo "$ready - $start" | bc) $rss"
}

data=$(mktemp -d)
measure_jar "$data" defaults >/dev/null # the first start makes the database; later starts are measured
before=(); before_rss=(); after=(); after_rss=()
for _ in $(seq "$runs"); do
  read -r t r < <(measure_jar "$data" defaults); before+=("$t"); before_rss+=("$r")
  read -r t r < <(measure_jar "$data" tuned); after+=("$t"); after_rss+=("$r")
done
rm -rf "$data" "$work"
mb() { echo $(( $(median | cut -d. -f1) / 1024 )); }
printf 'jar, later start, JVM defaults: ready median s %s, idle RSS median MB %s\n' \
    "$(printf '%s\n' "${before[@]}" | median)" "$(printf '%s\n' "${before_rss[@]}" | mb)"
printf 'jar, later start, documented:   ready median s %s (target 10), idle RSS median MB %s (target 300)\n' \
    "$(printf '%s\n' "${after[@]}" | median)" "$(printf '%s\n' "${after_rss[@]}" | mb)"
printf 'ratio documented / defaults: ready %.2f, RSS %.2f\n' \
    "$(echo "$(printf '%s\n' "${after[@]}" | median) / $(printf '%s\n' "${before[@]}" | median)" | bc -l)" \
    "$(echo "$(printf '%s\n' "${after_rss[@]}" | median) / $(printf '%s\n' "${before_rss[@]}" | median)" | bc -l)"
