#!/usr/bin/env bash
# Dashboard load benchmark of the data source itself (pkg/plugin answering 12 catalog queries
# through QueryData) against Stripe's floor and a naive baseline, on a simulated account with
# Stripe's latency and rate limits. Long (minutes to an hour; the large profile needs ~3 GB of
# memory for the simulator), so CI does not run it.
#
#   scripts/bench.sh                          # large profile, 25 and 100 req/s, naive baseline
#   scripts/bench.sh -profile medium          # when large does not fit the machine
#   scripts/bench.sh -rates 100 -naive=false  # any flag of tests/bench
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./tests/bench "$@"
