#!/usr/bin/env bash
# Installs the browser the end-to-end tests drive: Debian's Chromium (playwright-core never downloads
# one; `npx playwright install` does not work on the project's machines). Idempotent: does nothing
# when /usr/bin/chromium is already there. Needs root (or passwordless sudo) for apt-get.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-browser: /usr/bin/chromium is missing and apt-get needs root; run: apt-get install -y chromium" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
