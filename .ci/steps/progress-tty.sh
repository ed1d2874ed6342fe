#!/usr/bin/env bash
# The progress display on a real pseudo-terminal at full size: a 200 MB gzip input and four files with
# --jobs 2 under `script` (util-linux), frames parsed with their arrival times; then the same 4-file run
# off a terminal (no progress) and with --progress (whole lines). See apps/cli/scripts/progress-tty.mjs.
# Runs as its own step, before the test suite, so nothing of CI runs beside it. CI runs `pnpm build` first.
# `script` is in Debian's bsdutils (Essential, so on every Debian); installed here when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v script >/dev/null 2>&1; then
  echo "progress-tty: installing bsdutils (script)"
  as_root=()
  if [[ "$(id -u)" != 0 ]]; then as_root=(sudo -n); fi
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" apt-get install -y -qq bsdutils
fi
echo "checking: progress on a terminal (200 MB gzip; 4 files with --jobs 2), and off one"
timeout 600 node apps/cli/scripts/progress-tty.mjs
