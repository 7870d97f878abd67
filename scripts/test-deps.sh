#!/usr/bin/env bash
# What the tests need beyond the Python packages: Debian's PostgreSQL server, Debian's
# Chromium with CJK fonts (browser tests, driven by Playwright for Python), Debian's Node.js,
# and from the npm registry, installed into .cache/node: axe-core (accessibility checks) and
# configurable-http-proxy (the proxy of the JupyterHub test).
# `make test` runs this first. As root (CI) it installs what is missing with apt-get and npm;
# otherwise it says what to install and fails, because the tests never skip a component.
set -euo pipefail

AXE_VERSION=4.11.4
CHP_VERSION=5.3.0
here=$(cd "$(dirname "$0")/.." && pwd)

missing=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
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

# npm_package NAME VERSION: install NAME@VERSION into .cache/node unless it is there already
npm_package() {
  local manifest="$here/.cache/node/node_modules/$1/package.json"
  if [[ ! -f $manifest ]] || ! grep -q "\"version\": \"$2\"" "$manifest"; then
    echo "installing $1 $2 from the npm registry..." >&2
    mkdir -p "$here/.cache/node"
    npm install --prefix "$here/.cache/node" --no-audit --no-fund --silent "$1@$2" >&2
  fi
}
npm_package axe-core "$AXE_VERSION"
npm_package configurable-http-proxy "$CHP_VERSION"
