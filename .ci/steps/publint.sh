#!/usr/bin/env bash
# Release readiness of every publishable package (CI runs `pnpm build` before this step):
# `changeset status` works, then per package the release metadata, the packed tarball, publint and
# @arethetypeswrong/cli. Exits non-zero when any check fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

echo "checking: pnpm changeset status (pending changesets and the release plan they make)"
pnpm changeset status

echo "checking: metadata, tarball, publint and attw of each publishable package"
node tooling/release/check-packages.mjs
