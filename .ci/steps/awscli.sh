#!/usr/bin/env bash
# @ocsfx/aws's tests use Debian's awscli v2 (/usr/bin/aws) as the real S3 client for setup and read-back.
# Installs it when missing (idempotent); an older `aws` elsewhere on PATH is not used by the tests.
set -euo pipefail
if [[ -x /usr/bin/aws ]] && /usr/bin/aws --version 2>&1 | grep -q '^aws-cli/2\.'; then
  echo "awscli: $(/usr/bin/aws --version 2>&1)"
  exit 0
fi
echo "awscli: /usr/bin/aws missing; installing Debian's awscli"
as_root=()
if [[ "$(id -u)" != 0 ]]; then as_root=(sudo -n); fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq awscli
/usr/bin/aws --version
