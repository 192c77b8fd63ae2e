#!/usr/bin/env bash
# Installs the Debian packages the tests need (CJK fonts for Chinese labels, Chromium and its
# fonts for the browser tests), when we are root on a Debian-like machine; elsewhere it only
# names what is missing, and the tests say what they could not check.
set -euo pipefail
packages=(fonts-noto-cjk chromium fonts-liberation)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "system-deps: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
fi
