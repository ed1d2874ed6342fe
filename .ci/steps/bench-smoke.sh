#!/usr/bin/env bash
# The bench runs end to end on tiny inputs (data generation, the CLI on every input kind, the floor
# scripts, --jobs, --validate, core's micro-benchmarks) and prints its tables. No timing assertions:
# CI machines are too noisy for that; `pnpm bench` on a quiet machine is where numbers come from.
# CI runs `pnpm build` before this step.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The CloudTrail peer of the bench is jq; without it the bench says so and skips that peer.
if ! command -v jq >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
  apt-get install -y -qq jq >/dev/null 2>&1 || echo "bench-smoke: could not install jq; the bench skips its jq peer"
fi
timeout 120 node tooling/bench/src/main.mjs --quick
