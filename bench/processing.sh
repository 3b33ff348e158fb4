#!/usr/bin/env bash
# Benchmark of Stripe event processing: events applied per second by the app's worker, Stripe played by WireMock.
# Not part of CI.
#   bash bench/processing.sh [gifts per round=1000] [rounds=3] [worker threads=4]
# Needs: JDK, Maven. Builds the jar and the test classes (the tests' StripeWorld makes Stripe's objects), then runs
# bench/EventProcessing.java, which starts the jar on a fresh embedded database in a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
donations=${1:-1000}
rounds=${2:-3}
threads=${3:-4}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q package -DskipTests
mvn -q test-compile
mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
cd "$work"
java -cp "$OLDPWD/target/test-classes:$OLDPWD/target/classes:$(cat cp.txt)" \
    "$OLDPWD/bench/EventProcessing.java" "$(ls "$OLDPWD"/target/upkeep-*.jar | head -1)" "$donations" "$rounds" "$threads"
