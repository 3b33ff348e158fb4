#!/bin/sh
# Stands in for `tootctl accounts modify USERNAME --role ROLE` in tests: appends its arguments, one per line,
# to the log named first, then behaves as the username asks.
log="$1"
shift
for arg in "$@"; do printf '%s\n' "$arg" >> "$log"; done
case "$1" in
  refused_user) echo "Role not found"; exit 3 ;;
  slow_user) sleep 30 ;;
esac
echo "OK"
