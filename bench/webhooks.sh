#!/usr/bin/env bash
# Benchmark of Stripe webhook intake against the running app on its embedded database, and the raw PostgreSQL
# ceiling measured in the same run at the same concurrency. Not part of CI.
#   [APP_JAVA_OPTS=...] bash bench/webhooks.sh [clients=8] [seconds=20] [warm-up seconds=30] [nodes=2]
# Needs: JDK, Maven, curl. Builds the jar, starts it on a fresh embedded database with a known master key (and,
# with nodes=2, a second node on that node's database, as a cluster runs), then runs bench/WebhookLoad.java with
# the app's classes and dependencies on the class path: one node alone, then both round robin, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-20}
warmup=${3:-30}
nodes=${4:-2}
port=18083
port2=18084
data=$(mktemp -d)
log="$data/app.log"
key=$(head -c 32 /dev/urandom | base64)
trap 'echo "bench/webhooks.sh failed at line $LINENO (see $log if the app did not start)" >&2' ERR
# Online: a fresh machine may not have the dependency plugin yet (quick once everything is downloaded).
mvn -q package -DskipTests
mvn -q dependency:build-classpath -Dmdep.outputFile="$data/cp.txt" >/dev/null
# The event worker is off: this measures intake alone (bench/processing.sh measures the worker).
UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port UPKEEP_SECRET_KEY="$key" java ${APP_JAVA_OPTS:-} -Xmx1g -jar target/upkeep-*.jar \
    --upkeep.stripe.worker-enabled=false >"$log" 2>&1 &
app=$!
app2=
trap 'trap - ERR; kill $app $app2 2>/dev/null; wait $app $app2 2>/dev/null; rm -rf "$data"' EXIT
ready() { until curl -fs "http://localhost:$1/actuator/health/readiness" | grep -q UP; do
  kill -0 "$2" 2>/dev/null || { echo "the app on port $1 stopped; its log:" >&2; tail -30 "$3" >&2; exit 1; }
  sleep 0.5; done; }
ready $port $app "$log"
pg=$(grep -o 'embedded PostgreSQL 17 on localhost:[0-9]*' "$log" | grep -o '[0-9]*$')
bases="http://localhost:$port"
if [ "$nodes" -ge 2 ]; then
  UPKEEP_DB_URL="jdbc:postgresql://localhost:$pg/postgres" UPKEEP_DB_USER=postgres UPKEEP_PORT=$port2 \
      UPKEEP_SECRET_KEY="$key" java ${APP_JAVA_OPTS:-} -Xmx1g -jar target/upkeep-*.jar --upkeep.stripe.worker-enabled=false \
      >"$data/app2.log" 2>&1 &
  app2=$!
  ready $port2 $app2 "$data/app2.log"
  bases="$bases,http://localhost:$port2"
fi
java -cp "target/classes:$(cat "$data/cp.txt")" bench/WebhookLoad.java "$bases" \
    "jdbc:postgresql://localhost:$pg/postgres" "$key" "$clients" "$seconds" "$warmup"
echo "app threads: $(grep -c . /proc/$app/task/*/stat 2>/dev/null | wc -l), RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$app/status) / 1024 )) MB"
