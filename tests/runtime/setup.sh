#!/usr/bin/env bash
# Installs what the tests drive for real and pip cannot provide: Debian's Chromium (driven by Playwright;
# never `playwright install`, which downloads a browser of its own), Node.js with npm and the pinned npm
# packages (scorm-again, axe-core) into tests/runtime/node/node_modules, espeak-ng (real speech for the
# caption tests) and gnome-keyring with dbus (a real Secret Service for the keychain tests). Safe to run
# again: it installs only what is missing. The Python packages come from pyproject's `test` extra.
set -euo pipefail
cd "$(dirname "$0")"

export DEBIAN_FRONTEND=noninteractive
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
node --version >/dev/null 2>&1 || missing+=(nodejs)
npm --version >/dev/null 2>&1 || missing+=(npm)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || missing+=(dbus-x11)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "tests/runtime/setup.sh: missing ${missing[*]}; run as root or install them with apt-get." >&2
    exit 1
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-dejavu-core >/dev/null
fi

# npm ci installs exactly the versions in package-lock.json. A copy of the lock file kept in
# node_modules after a good install says it is still current, so a second run does nothing.
stamp=node/node_modules/.installed-from-lock.json
if ! cmp -s node/package-lock.json "$stamp" 2>/dev/null; then
  (cd node && npm ci --no-audit --no-fund --loglevel=error)
  cp node/package-lock.json "$stamp"
fi
echo "tests/runtime: $(/usr/bin/chromium --version 2>/dev/null), node $(node --version)"
