#!/usr/bin/env bash
# The root README's "install it globally from the clone" commands, run as written (extracted from the
# README by tooling/release/readme-block.mjs) into a clean, temporary npm prefix, then the README's "add a
# plugin later" command; each time `ocsfx` from that prefix lists the plugins and translates from an
# unrelated directory. CI runs `pnpm build` before this step.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work" "$root/.tarballs"' EXIT
export NPM_CONFIG_PREFIX="$work/prefix" NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
export NPM_CONFIG_PREFER_OFFLINE=true NPM_CONFIG_LOGLEVEL=error
export PATH="$work/prefix/bin:$PATH"
install=$(node tooling/release/readme-block.mjs clone-install)
add=$(node tooling/release/readme-block.mjs clone-add-plugin)
mkdir -p "$work/elsewhere"

expect() { # expect WHAT ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then
    echo "clone-install: $1: expected [$3], got [$2]" >&2
    exit 1
  fi
  echo "  ok   $1"
}

echo "checking: the README's global install from the clone, into a clean prefix"
bash -euo pipefail -c "$install" >"$work/install.log" 2>&1 || { cat "$work/install.log"; exit 1; }
expect "ocsfx comes from the prefix" "$(command -v ocsfx)" "$work/prefix/bin/ocsfx"
cd "$work/elsewhere"
expect "ocsfx plugins -q" "$(ocsfx plugins -q)" "vpc-flowlogs"
expect "VPC example → 4 events" "$(ocsfx translate -q "$root/examples/logs/vpc-flow-v5.log" | wc -l)" "4"
cd "$root"

echo "checking: the README's command that adds a plugin later"
bash -euo pipefail -c "$add" >"$work/add.log" 2>&1 || { cat "$work/add.log"; exit 1; }
cd "$work/elsewhere"
expect "ocsfx plugins -q" "$(ocsfx plugins -q | tr '\n' ' ')" "cloudtrail-auth vpc-flowlogs "
expect "CloudTrail example → 2 events" "$(ocsfx translate -q "$root/examples/logs/cloudtrail-signin.json" | wc -l)" "2"
echo "clone-install: passed"
