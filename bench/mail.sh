#!/usr/bin/env bash
# Benchmark of mail (issue 7): render and queue the monthly report for N supporters, then send them to
# GreenMail. Not part of CI.
#   bash bench/mail.sh [readers=10000]
# Runs src/test/java/social/upkeep/billing/internal/MonthlyReportBenchmark.java (not matched by the test
# command's patterns) in the test setup: embedded PostgreSQL, GreenMail as the SMTP server.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q test -Dtest=MonthlyReportBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
    -Dbench.readers="${1:-10000}" 2>&1 | grep -E "rendered|outbox:|sent |not sent|FAIL|Tests run" || true
