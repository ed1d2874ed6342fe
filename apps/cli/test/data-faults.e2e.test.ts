/**
 * Data faults through the real binary: the run ends with a summary, the bad record is a reject with its
 * reason in the rejects file, and the files after it are read.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoStack, runCli, tempDir } from './helpers.js';

const tmp = tempDir('data-faults');
afterAll(() => tmp.remove());

const VPC = [
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status',
  '2 123456789010 eni-1 10.0.0.1 10.0.0.2 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
].join('\n');

describe('data faults end to end', () => {
  it('JSON nested 10,000 deep: rejected with a reason, the summary printed, the next file translated', async () => {
    const deep = join(tmp.dir, 'deep.json');
    writeFileSync(deep, `${'['.repeat(10000)}${']'.repeat(10000)}\n`);
    const good = join(tmp.dir, 'good.log');
    writeFileSync(good, `${VPC}\n`);
    const rejects = join(tmp.dir, 'r.jsonl');
    const out = join(tmp.dir, 'out');
    const result = await runCli(['translate', deep, good, '-s', 'vpc-flowlogs', '--rejects', rejects, '-o', `${out}/`]);
    const { code, stderr } = result;
    expectNoStack(result);
    expect(stderr).not.toContain('Maximum call stack');
    expect(stderr).toMatch(/2 files.*2 records in: 1 translated.*1 rejected/);
    expect(code).toBe(0);
    const [reject] = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(reject).toMatchObject({ code: 'json/too-deep', location: { file: deep, line: 1 } });
    expect(readFileSync(join(out, 'good.ocsf.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it.skipIf(!hasShared)(
    'a corrupt Parquet file: an error naming it and its row group, and the next file is read',
    async () => {
      const bytes = readFileSync(
        shared(
          'fixtures',
          'real',
          'sekoia-automation-library',
          'AWS',
          'tests',
          'connectors',
          's3',
          'test_parquet.parquet',
        ),
      );
      bytes[71] = 0x18;
      bytes[1795] = 0x6d;
      const bad = join(tmp.dir, 'bad.parquet');
      writeFileSync(bad, bytes);
      const good = join(tmp.dir, 'good2.log');
      writeFileSync(good, `${VPC}\n`);
      const out = join(tmp.dir, 'out-parquet');
      const result = await runCli(['translate', bad, good, '-s', 'vpc-flowlogs', '-o', `${out}/`]);
      expectNoStack(result);
      expect(result.stderr).toContain(`${bad}: Parquet row group 1 of 1 (rows 1–8) cannot be read`);
      expect(result.stderr).toMatch(/2 files \(1 failed\), 1 records in: 1 translated/);
      expect(readFileSync(join(out, 'good2.ocsf.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    },
  );
});
