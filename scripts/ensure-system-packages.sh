#!/usr/bin/env bash
# Installs the Debian packages the end-to-end tests need when they are missing: Chromium (Playwright
# drives Debian's build; it cannot download its own here) and fonts for readable screenshots.
# As root it uses apt-get; otherwise it stops with a clear message. It never skips silently.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! fc-list 2>/dev/null | grep -qi 'liberation\|dejavu'; then missing+=(fonts-liberation fonts-dejavu-core); fi
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-packages: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "ensure-system-packages: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "ensure-system-packages: chromium still missing after apt-get" >&2; exit 1; }
