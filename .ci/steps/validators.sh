#!/usr/bin/env bash
# The committed OCSF validator data must be exactly what the generator makes from the official schema in
# ../shared; a difference fails CI. (Runs after the build.)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -d ../shared/ocsf-schema ]]; then
  echo "validators: ../shared/ocsf-schema is missing; CI needs it to check the committed validator data" >&2
  exit 1
fi
echo "checking: committed OCSF validator data against ../shared/ocsf-schema"
node packages/core/scripts/generate-validators.mjs --check
