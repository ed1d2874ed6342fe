/** The little semver this rehearsal needs: plain `x.y.z` versions (no prereleases) and caret ranges. */

function parse(version) {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not a plain x.y.z version: ${version}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

export function bump(version, type) {
  const [major, minor, patch] = parse(version);
  if (type === 'major') return `${major + 1}.0.0`;
  if (type === 'minor') return `${major}.${minor + 1}.0`;
  if (type === 'patch') return `${major}.${minor}.${patch + 1}`;
  throw new Error(`unknown bump type ${type}`);
}

/** Which part changed from `before` to `after`: 'none', 'patch', 'minor' or 'major'. */
export function change(before, after) {
  const a = parse(before);
  const b = parse(after);
  if (a[0] !== b[0]) return 'major';
  if (a[1] !== b[1]) return 'minor';
  if (a[2] !== b[2]) return 'patch';
  return 'none';
}
