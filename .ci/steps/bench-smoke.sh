#!/usr/bin/env bash
# The bench runs end to end on tiny inputs (data generation, the CLI on every input kind, the floor
# scripts, --jobs, --validate, core's micro-benchmarks) and prints its tables. No timing assertions:
# CI machines are too noisy for that; `pnpm bench` on a quiet machine is where numbers come from.
# CI runs `pnpm build` before this step.
set -euo pipefail
cd "$(dirname "$0")/../.."
timeout 120 node tooling/bench/src/main.mjs --quick
