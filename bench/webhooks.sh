#!/usr/bin/env bash
# Benchmark of Stripe webhook intake against the running app on its embedded database, and the raw PostgreSQL
# ceiling measured in the same run at the same concurrency. Not part of CI.
#   bash bench/webhooks.sh [clients=8] [seconds=20] [warm-up seconds=30]
# Needs: JDK, Maven, curl. Builds the jar, starts it on a fresh embedded database with a known master key,
# then runs bench/WebhookLoad.java with the app's classes and dependencies on the class path.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-20}
warmup=${3:-30}
port=18083
data=$(mktemp -d)
log="$data/app.log"
key=$(head -c 32 /dev/urandom | base64)
mvn -q -o package -DskipTests
mvn -q -o dependency:build-classpath -Dmdep.outputFile="$data/cp.txt" >/dev/null
# The event worker is off: this measures intake alone (bench/processing.sh measures the worker).
UPKEEP_DATA_DIR="$data" UPKEEP_PORT=$port UPKEEP_SECRET_KEY="$key" java -Xmx1g -jar target/upkeep-*.jar \
    --upkeep.stripe.worker-enabled=false >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null; wait $app 2>/dev/null; rm -rf "$data"' EXIT
until curl -fs "http://localhost:$port/actuator/health/readiness" | grep -q UP; do sleep 0.5; done
pg=$(grep -o 'embedded PostgreSQL 17 on localhost:[0-9]*' "$log" | grep -o '[0-9]*$')
java -cp "target/classes:$(cat "$data/cp.txt")" bench/WebhookLoad.java "http://localhost:$port" \
    "jdbc:postgresql://localhost:$pg/postgres" "$key" "$clients" "$seconds" "$warmup"
echo "app threads: $(grep -c . /proc/$app/task/*/stat 2>/dev/null | wc -l), RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$app/status) / 1024 )) MB"
