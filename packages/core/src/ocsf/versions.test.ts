import { describe, expect, it } from 'vitest';
import { atLeastVersion, compareOcsfVersions, forVersion, isOcsfVersion, unsupportedVersion } from './versions.js';

describe('OCSF versions', () => {
  it('orders versions as semantic versions, pre-releases before their release', () => {
    const shuffled = ['1.10.0', '1.8.0', '1.0.0', '1.1.0', '1.0.0-rc.10', '1.0.0-rc.2', '1.5.0', '2.0.0-dev'];
    expect([...shuffled].sort(compareOcsfVersions)).toEqual([
      '1.0.0-rc.2',
      '1.0.0-rc.10',
      '1.0.0',
      '1.1.0',
      '1.5.0',
      '1.8.0',
      '1.10.0',
      '2.0.0-dev',
    ]);
    expect(compareOcsfVersions('1.5.0', '1.5.0')).toBe(0);
    expect(atLeastVersion('1.8.0', '1.3.0')).toBe(true);
    expect(atLeastVersion('1.1.0', '1.3.0')).toBe(false);
    expect(isOcsfVersion('1.0.0-rc.2')).toBe(true);
    expect(isOcsfVersion('1.8')).toBe(false);
    expect(() => compareOcsfVersions('latest', '1.1.0')).toThrow(/"latest" is not an OCSF version/);
  });

  it('resolves a since table to the last row at or before the version', () => {
    const table = { '1.0.0-rc.2': 'mfa', '1.1.0': 'is_mfa', '1.6.0': null } as const;
    expect(forVersion(table, '1.0.0-rc.2')).toBe('mfa');
    expect(forVersion(table, '1.1.0')).toBe('is_mfa');
    expect(forVersion(table, '1.5.0')).toBe('is_mfa');
    expect(forVersion(table, '1.8.0')).toBeNull();
    // Key order in the table does not matter.
    expect(forVersion({ '1.5.0': 'b', '1.0.0-rc.2': 'a' }, '1.1.0')).toBe('a');
    expect(() => forVersion({ '1.1.0': 1 }, '1.0.0-rc.2')).toThrow(
      /no value for OCSF 1\.0\.0-rc\.2: the table starts at 1\.1\.0/,
    );
  });

  it('names the plugin and every supported version when one is not', () => {
    expect(unsupportedVersion('vpc-flowlogs', '1.9.0', ['1.8.0', '1.1.0', '1.0.0-rc.2']).message).toBe(
      'OCSF version 1.9.0 is not supported by vpc-flowlogs; choose one of 1.0.0-rc.2, 1.1.0, 1.8.0',
    );
  });
});
