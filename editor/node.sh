#!/usr/bin/env bash
# Node.js for the staff editor's build (Vite 7 needs Node >= 20.19, and npm). Uses the machine's
# node and npm when they are recent enough; otherwise installs Debian's nodejs and npm when apt
# offers a recent enough one (Debian 13), and stops with what to do when it does not (Debian 12
# ships Node 18).
set -euo pipefail
NEED_MAJOR=20
NEED_MINOR=19

recent_enough() {
  command -v node >/dev/null && command -v npm >/dev/null &&
    node -e "const [a, b] = process.versions.node.split('.').map(Number);
             process.exit(a > $NEED_MAJOR || (a === $NEED_MAJOR && b >= $NEED_MINOR) ? 0 : 1)"
}

if recent_enough; then
  exit 0
fi

candidate=""
if command -v apt-cache >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq || true; fi
  candidate=$(apt-cache policy nodejs 2>/dev/null | awk '/Candidate:/ {print $2}')
fi
if [ -n "$candidate" ] && dpkg --compare-versions "${candidate%%+*}" ge "$NEED_MAJOR.$NEED_MINOR" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  elif command -v sudo >/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
  if recent_enough; then
    exit 0
  fi
fi

found=$(node --version 2>/dev/null || echo "no node")
echo "The staff editor (/admin/) is built with Vite 7, which needs Node.js >= $NEED_MAJOR.$NEED_MINOR and npm;" \
     "this machine has: $found$(command -v npm >/dev/null || echo ', no npm')." \
     "Install Node.js $NEED_MAJOR.$NEED_MINOR or later (Debian 13: apt-get install nodejs npm;" \
     "Debian 12's nodejs is 18, too old), then run make again." >&2
exit 1
