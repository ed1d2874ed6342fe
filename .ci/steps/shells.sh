#!/usr/bin/env bash
# The CLI's completion tests parse the zsh and fish scripts with zsh and fish, and its progress tests
# run the CLI on a pseudo-terminal with `script` (util-linux). Installs the shells when missing.
set -euo pipefail
missing=()
for shell in zsh fish; do command -v "$shell" >/dev/null 2>&1 || missing+=("$shell"); done
command -v script >/dev/null 2>&1 || missing+=(bsdutils)
if ((${#missing[@]} == 0)); then
  echo "shells: zsh, fish and script are installed"
  exit 0
fi
echo "shells: installing ${missing[*]}"
as_root=()
if [[ "$(id -u)" != 0 ]]; then as_root=(sudo -n); fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${missing[@]}"
