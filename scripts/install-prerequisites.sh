#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine with the .NET SDK and Node lacks: the npm tools (Azurite, MailDev)
# from the lock file, and Chromium and OpenSSH from Debian when missing. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x tools/node_modules/.bin/azurite || ! -x tools/node_modules/.bin/maildev || tools/package-lock.json -nt tools/node_modules/.package-lock.json ]]; then
  echo "Installing Azurite and MailDev (npm ci in tools/)..."
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

missing=()
command -v chromium > /dev/null 2>&1 || missing+=(chromium)
[[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
command -v curl > /dev/null 2>&1 || missing+=(curl)
if (( ${#missing[@]} )); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get > /dev/null 2>&1; then
    echo "Installing ${missing[*]} from Debian..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null
  else
    echo "Please install: ${missing[*]} (needs root and apt-get)" >&2
  fi
fi
