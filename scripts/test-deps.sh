#!/usr/bin/env bash
# What the tests need beyond the Python packages: Debian's PostgreSQL server, Debian's
# Chromium with CJK fonts (browser tests, driven by Playwright for Python), and axe-core
# from the npm registry (accessibility checks, installed into .cache/node).
# `make test` runs this first. As root (CI) it installs what is missing with apt-get and npm;
# otherwise it says what to install and fails, because the tests never skip a component.
set -euo pipefail

AXE_VERSION=4.11.4
here=$(cd "$(dirname "$0")/.." && pwd)

missing=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "the tests need Debian packages that are not installed: ${missing[*]}" >&2
    echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing ${missing[*]} from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
fi

axe="$here/.cache/node/node_modules/axe-core/axe.min.js"
if [[ ! -f $axe ]] || ! grep -q "\"version\": \"$AXE_VERSION\"" "$here/.cache/node/node_modules/axe-core/package.json"; then
  echo "installing axe-core $AXE_VERSION from the npm registry..." >&2
  mkdir -p "$here/.cache/node"
  npm install --prefix "$here/.cache/node" --no-audit --no-fund --silent "axe-core@$AXE_VERSION" >&2
fi
