#!/usr/bin/env bash
# Builds the release zip from the built plugin in dist/: artifacts/revops-stripe-datasource-<version>.zip
# (one folder named by the plugin id holding dist's files, backend binaries 0755) and its SHA1 in
# <zip>.sha1, as Grafana's plugin catalog and grafana/plugin-validator expect. Build dist/ first:
#
#   npm run build
#   mage -v build:linux build:linuxARM64 build:linuxARM build:darwin build:darwinARM64 build:windows
#   npm run sign            # optional: GRAFANA_ACCESS_POLICY_TOKEN (README, Install into your Grafana)
#   scripts/package.sh      # prints the listing on stderr, the zip's path on stdout
#
# Flags: -dist <dir> (default dist), -out <dir> (default artifacts). tests/packaging checks the zip.
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./scripts/package "$@"
