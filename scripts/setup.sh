#!/usr/bin/env bash
# Installs what the build and the tests need, and only what is missing: npm packages, Go modules,
# mage, stripe-mock (Stripe's own API mock, pinned), Debian's chromium for the browser tests, and
# Debian's redis-server for the high-availability tests (they start it themselves on a loopback port).
# Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

export GOPROXY="${GOPROXY:-https://proxy.golang.org,direct}"
GOBIN="$(go env GOPATH)/bin"
export PATH="$GOBIN:$PATH"

STRIPE_MOCK_VERSION=v0.203.0
MAGE_VERSION=v1.17.2

step() { printf '\n== %s\n' "$*"; }

step "npm packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules is up to date"
fi

step "Go modules"
go mod download

step "mage ${MAGE_VERSION}"
command -v mage >/dev/null 2>&1 || go install "github.com/magefile/mage@${MAGE_VERSION}"
mage -version | sed -n 1p

step "stripe-mock ${STRIPE_MOCK_VERSION}"
if ! stripe-mock -version 2>/dev/null | grep -q "${STRIPE_MOCK_VERSION#v}"; then
  go install "github.com/stripe/stripe-mock@${STRIPE_MOCK_VERSION}"
fi
command -v stripe-mock

step "chromium (browser tests)"
if [ -x /usr/bin/chromium ]; then
  /usr/bin/chromium --version || true
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  /usr/bin/chromium --version || true
else
  echo "chromium is missing and cannot be installed here (needs root and apt-get): install Debian's chromium package"
  exit 1
fi

step "redis-server (high-availability tests)"
if command -v redis-server >/dev/null; then
  redis-server --version
elif [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  # The package starts a system instance; the tests start their own on a free port.
  (service redis-server stop || true) >/dev/null 2>&1
  redis-server --version
else
  echo "redis-server is missing and cannot be installed here (needs root and apt-get): install Debian's redis-server package"
  exit 1
fi
