#!/usr/bin/env bash
# Installs the Debian packages the tests need (CJK fonts for Chinese labels, Chromium and its
# fonts for the browser tests) and JupyterHub's proxy from npm (the hub test), when we are root
# on a Debian-like machine; elsewhere it only names what is missing, and the tests say what
# they could not check.
set -euo pipefail
packages=(fonts-noto-cjk chromium fonts-liberation)
PROXY="configurable-http-proxy@5"  # JupyterHub's proxy (tests/browser/test_jupyterhub.py)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "system-deps: please install ${missing[*]} (e.g. sudo apt-get install ${missing[*]})" >&2
  fi
fi

if ! command -v configurable-http-proxy >/dev/null; then
  if command -v npm >/dev/null && [ "$(id -u)" = 0 ]; then
    npm install --global --silent "$PROXY" >/dev/null
  else
    echo "system-deps: please install JupyterHub's proxy: npm install -g $PROXY (Node 20+)" >&2
  fi
fi
