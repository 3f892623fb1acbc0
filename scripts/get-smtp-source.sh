#!/usr/bin/env bash
# Unpack Postfix's smtp-source (the acceptance benchmark's yardstick) from Debian's
# postfix package into .venv/tools/postfix. Nothing is installed or started: no MTA,
# no service, no port 25. Needs apt (Debian/Ubuntu); elsewhere the benchmark skips it.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.venv/tools/postfix
[ -x "$dest/usr/sbin/smtp-source" ] && exit 0
command -v apt-get >/dev/null || { echo "get-smtp-source: no apt-get; the smtp-source comparison will be skipped" >&2; exit 0; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
( cd "$work" && apt-get download postfix >/dev/null 2>&1 ) \
  || { [ "$(id -u)" = 0 ] && apt-get update -qq && ( cd "$work" && apt-get download postfix >/dev/null 2>&1 ); } \
  || { echo "get-smtp-source: could not download the postfix package; the comparison will be skipped" >&2; exit 0; }
mkdir -p "$dest"
dpkg -x "$work"/postfix_*.deb "$dest"
echo "smtp-source unpacked in $dest"
