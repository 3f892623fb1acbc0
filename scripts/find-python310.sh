#!/usr/bin/env bash
# Print the path of a working Python 3.10 (rasa 3.6 needs <3.11): PATH first, then pyenv.
ok() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
for cand in python3.10 python3; do
  p=$(command -v "$cand" 2>/dev/null) && ok "$p" && { echo "$p"; exit 0; }
done
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for v in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.10(\.[0-9]+)?$' | sort -t. -k3 -n -r); do
    p="$root/versions/$v/bin/python3.10"; ok "$p" && { echo "$p"; exit 0; }
  done
fi
for p in /usr/local/bin/python3.10 /usr/bin/python3.10 "$HOME"/.pyenv/versions/3.10*/bin/python3.10; do
  [ -x "$p" ] && ok "$p" && { echo "$p"; exit 0; }
done
exit 1
