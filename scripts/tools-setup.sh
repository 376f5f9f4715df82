#!/usr/bin/env bash
# Installs the real tools that some tests check Graceful's output against, into a tools folder OUTSIDE the
# project's dependencies (npm ci stays lean): $GRACEFUL_TOOLS, else ~/.cache/graceful-tools.
# One function per tool; `bash scripts/tools-setup.sh [TOOL...]` installs the named ones (default: all).
# Re-running is a no-op once a tool is installed. A tool that cannot be installed makes the script exit 1 after
# trying the others; the tests that need it then skip with the reason.
set -uo pipefail

TOOLS="${GRACEFUL_TOOLS:-$HOME/.cache/graceful-tools}"
SARIF_MULTITOOL_VERSION=5.7.0

# Microsoft's SARIF validator (`Sarif.Multitool validate`), a self-contained binary shipped in an npm package.
install_sarif_multitool() {
  local dir="$TOOLS/sarif-multitool-$SARIF_MULTITOOL_VERSION"
  local bin="$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
  if [ -x "$bin" ]; then
    echo "sarif-multitool $SARIF_MULTITOOL_VERSION already installed in $dir"
    return 0
  fi
  mkdir -p "$dir" || return 1
  (cd "$dir" && { [ -f package.json ] || echo '{ "name": "graceful-tools-sarif", "private": true }' > package.json; } &&
    npm install --no-audit --no-fund --save-exact "@microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION") || return 1
  # The package ships the binary without its execute bit on some npm versions.
  chmod +x "$bin" 2>/dev/null
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$bin" --version >/dev/null || return 1
  echo "sarif-multitool $SARIF_MULTITOOL_VERSION installed in $dir"
}

failed=0
for tool in "${@:-sarif_multitool}"; do
  if ! "install_${tool//-/_}"; then
    echo "tools-setup: $tool could not be installed" >&2
    failed=1
  fi
done
exit "$failed"
