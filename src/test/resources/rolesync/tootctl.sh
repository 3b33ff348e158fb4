#!/bin/sh
# Stands in for `tootctl accounts modify USERNAME --role ROLE | --remove-role` against the stub Mastodon: appends
# its arguments, tab-separated, as one line to the log named first (the stub applies each new line), then
# behaves as the username asks.
log="$1"
shift
case "$1" in
  broken_user) echo "Failed to connect to the database"; exit 1 ;;
esac
printf '%s\t' "$@" >> "$log"
printf '\n' >> "$log"
echo "OK"
