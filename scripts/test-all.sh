#!/usr/bin/env bash
# Runs every test of the project: Go vet and tests (unit, simulator, golden frames, the real
# binary over Grafana's plugin protocol, the contract test against stripe-mock), TypeScript
# typecheck, lint and jest, the production build of frontend and backend, the release zip and its
# checks, and the browser test.
# Installs what is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"

bash scripts/setup.sh

step() { printf '\n== %s\n' "$*"; }

step "go vet"
go vet ./...

step "go test"
# tests/packaging checks the release zip, which exists only after the builds below: it runs there.
go test -count=1 -timeout 30m $(go list ./... | grep -v '/tests/packaging$')

step "typecheck"
npm run typecheck

step "lint"
npm run lint

step "jest"
npm run test:ci

step "build: frontend"
npm run build

step "build: backend for every platform (mage)"
mage -v build:linux build:linuxARM64 build:linuxARM build:darwin build:darwinARM64 build:windows
ls dist/gpx_stripe_* >/dev/null

step "package: the release zip and its sha1 (scripts/package.sh)"
zip="$(bash scripts/package.sh)"

step "package test: the zip against the plugin validator's rules, its backend over the plugin protocol"
PLUGIN_ZIP="$zip" go test -count=1 ./tests/packaging/

if [ -f tests/browser/run.mjs ]; then
  step "browser test"
  node tests/browser/run.mjs
fi

printf '\nAll tests passed.\n'
