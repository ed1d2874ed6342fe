/**
 * Auto-detection of every ocsfx plugin in this repository over every real fixture in
 * ../shared/fixtures/real and every fixture the plugins wrote for their own tests: for each file, the
 * plugins that claim it (confidence ≥ 0.5, best first) are exactly the expected ones. A plugin claiming
 * another source's file is a false positive; a file its own plugin does not claim, a false negative.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openInput, PluginRegistry } from '@ocsfx/core';
import cloudtrail from '@ocsfx/plugin-cloudtrail';
import cloudtrailAuth from '@ocsfx/plugin-cloudtrail-auth';
import route53 from '@ocsfx/plugin-route53-resolver';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { hasShared, repoDir as repo, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';

const registry = new PluginRegistry();
for (const plugin of [cloudtrail, cloudtrailAuth, route53, vpc]) registry.register(plugin);

function walk(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

const TRAIL = ['cloudtrail-auth', 'cloudtrail'];
const VPC = ['vpc-flowlogs'];
const DNS = ['route53-resolver'];

/**
 * The claimants each file must get, by what the file is (SOURCES.md of each fixture folder). CloudTrail
 * files are claimed by both CloudTrail plugins, the authentication plugin first; an Insights-only file is
 * the other plugin's first. Files that are no plugin's input (the Elastic expected outputs, Security Lake's
 * own OCSF Parquet, a converted JSON) are claimed by none.
 */
function expectedClaimants(path) {
  const name = path.split('/').pop();
  if (name.endsWith('.md')) return undefined;
  // OCSF output (expected files of golden tests, Security Lake's own OCSF Parquet, a converted JSON) is no
  // plugin's input.
  if (name.endsWith('expected.json') || name === 'test_ocsf.parquet' || name === 'test_parquet_result.json') return [];
  if (path.includes('/plugin-route53-resolver/')) return DNS;
  if (path.includes('/plugin-cloudtrail/')) return TRAIL;
  if (name === 'insights-event-example-8.json') return ['cloudtrail', 'cloudtrail-auth'];
  if (/cloudtrail|CloudTrail|sign-in-events|stscloudtrail|hiddensecurity|ec2_proxy/.test(path)) return TRAIL;
  if (/vpc|flowlog|\.parquet$/.test(path)) return VPC;
  return undefined;
}

const realFiles = hasShared ? walk(shared('fixtures', 'real')) : [];
const ownFiles = readdirSync(join(repo, 'packages'))
  .map((name) => join(repo, 'packages', name, 'test', 'fixtures'))
  .filter((dir) => existsSync(dir))
  .flatMap((dir) => walk(dir))
  .filter((p) => !p.endsWith('.md'));

async function claimantsOf(file) {
  const input = await openInput(file);
  try {
    return registry.claimants(await input.sample()).map((c) => c.plugin.id);
  } finally {
    await input.close();
  }
}

describe('auto-detection of every plugin over every fixture', () => {
  const cases = [...realFiles, ...ownFiles]
    .map((path) => [relative(repo, path).replace(/^(\.\.\/)+/, ''), path, expectedClaimants(path)])
    .filter(([, , expected]) => expected !== undefined);

  it('covers every real fixture and the Route 53 Resolver fixtures', () => {
    const unclassified = realFiles.filter((p) => !p.endsWith('.md') && expectedClaimants(p) === undefined);
    expect(unclassified).toEqual([]);
    if (hasShared) expect(cases.length).toBeGreaterThanOrEqual(130);
    const own = (dir) => cases.filter(([, path]) => path.includes(dir)).length;
    expect(own('/plugin-route53-resolver/')).toBeGreaterThanOrEqual(10);
    expect(own('/plugin-cloudtrail/')).toBeGreaterThanOrEqual(16);
  });

  it.each(cases)('%s', async (_name, path, expected) => {
    expect(await claimantsOf(path)).toEqual(expected);
  });
});
