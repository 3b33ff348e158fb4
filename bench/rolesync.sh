#!/usr/bin/env bash
# Benchmark of role sync's cost on a large Mastodon server (issue 6). Not part of CI.
#   bash bench/rolesync.sh [members=10000] [rounds=3] [other accounts without the role=0]
#   (issue 14's case: bash bench/rolesync.sh 450 3 9550)
# Runs src/test/java/social/upkeep/rolesync/internal/RoleSyncCostBenchmark.java (not matched by the test
# command's patterns) in the test setup: embedded PostgreSQL, WireMock playing Mastodon, a script playing tootctl.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q test -Dtest=RoleSyncCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.members="${1:-10000}" -Dbench.rounds="${2:-3}" -Dbench.others="${3:-0}" 2>&1 | grep -E "members|round|median|FAIL|Tests run" || true
