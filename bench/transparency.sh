#!/usr/bin/env bash
# Benchmark of the public page and its JSON for a server with 1,000,000 ledger entries over five years,
# against a static file served by the same app in the same run. Not part of CI.
#   bash bench/transparency.sh [clients=4] [seconds=15]
# Needs: JDK, Maven, psql (Debian postgresql-client). Builds the jar, starts it on a fresh embedded
# database, seeds it with bench/seed-million.sql, then loads each URL with bench/LoadTest.java.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-4}
seconds=${2:-15}
port=18082
data=$(mktemp -d)
log="$data/app.log"
mvn -q package -DskipTests
UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port java -Xmx1g -jar target/upkeep-*.jar >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "http://localhost:$port/actuator/health/readiness" | grep -q UP; do sleep 0.5; done
pg=$(grep -o 'embedded PostgreSQL 17 on localhost:[0-9]*' "$log" | grep -o '[0-9]*$')
start=$(date +%s)
psql -q -h localhost -p "$pg" -U postgres -d postgres -f bench/seed-million.sql
echo "seeded in $(( $(date +%s) - start )) s"
base="http://localhost:$port"
html=$(curl -s "$base/servers/bench.example" | wc -c)
css=$(curl -s "$base/css/upkeep.css" | wc -c)
echo "public page HTML $html bytes + CSS $css bytes = $(( (html + css) / 1024 )) KB (limit 60 KB)"
java bench/LoadTest.java "$base" "$clients" "$seconds" /css/upkeep.css /servers/bench.example \
    /servers/bench.example/funding.json | tee "$data/result.txt"
awk 'NR == 2 {s = $3} NR > 2 {printf "%s p95 is %.1f times the static file'"'"'s\n", $1, $3 / s}' "$data/result.txt"
awk 'NR == 3 {print ($3 < 25 ? "page p95 under 25 ms: yes" : "page p95 under 25 ms: NO")}
     NR == 4 {print ($3 < 15 ? "JSON p95 under 15 ms: yes" : "JSON p95 under 15 ms: NO")}' "$data/result.txt"
