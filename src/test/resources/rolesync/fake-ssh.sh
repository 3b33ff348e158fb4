#!/bin/sh
# Stands in for OpenSSH: options and the destination are read, an optional `--` ends the options, and the
# rest is joined with spaces into one line for the remote shell, as ssh does (ssh.c builds the command by
# joining its arguments; sshd runs it with the user's shell -c). Here the "remote shell" is the local sh.
while [ $# -gt 0 ]; do
  case "$1" in
    -p|-i|-l|-o) shift 2 ;;
    --) shift; break ;;
    -*) shift ;;
    *) if [ -z "$destination" ]; then destination="$1"; shift; [ "$1" = "--" ] && shift; break; fi ;;
  esac
done
exec sh -c "$*"
