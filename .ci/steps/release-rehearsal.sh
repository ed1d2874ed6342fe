#!/usr/bin/env bash
# Release rehearsal against a throw-away verdaccio on 127.0.0.1 (see tooling/release/README.md):
# publish everything with the normal release command, install from it as users do, translate fixtures,
# then release only the VPC plugin and only core and check nothing else moved. The script stops
# verdaccio and removes its temp directory on success, failure and interruption.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "checking: release rehearsal (changesets + pnpm release to a local registry, installs with npm)"
exec node tooling/release/rehearse.mjs
