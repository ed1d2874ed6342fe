import { hasShared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { availableVersions } from './generated.js';
import { expectedSamples, normalise, schemaDir } from './test-helpers/samples.js';
import { createValidator } from './validator.js';

const samples = expectedSamples();

describe.skipIf(!hasShared)('dossier samples against the official schema', () => {
  it('finds the five expected samples', () => {
    expect(samples.map((s) => s.file)).toHaveLength(5);
  });

  // Checked one by one: the Security Lake artefacts ("boundary": "-" with boundary_id 99, "-" strings,
  // empty objects such as actor.idp {}, *_dt with a -04:00 offset) are all valid OCSF: 99 (Other) keeps a custom
  // caption, "-" is a string, the emptied objects have no required attributes, and the 1.0.0-rc.2/1.1.0
  // datetime_t regexes accept offsets. Only the 1.5.0 sample's space-separated times are invalid (below).
  for (const sample of samples.filter((s) => s.version === s.against)) {
    it(`${sample.file} is valid against its own schema checkout`, () => {
      expect(
        createValidator({ version: sample.version, schemaDir: schemaDir(sample.version) }).validate(sample.event),
      ).toEqual([]);
    });
    const classUid = sample.event['class_uid'];
    const bundled = sample.version === '1.1.0' || classUid === 3002;
    if (bundled) {
      it(`${sample.file} is valid against the bundled data`, () => {
        expect(availableVersions()).toContain(sample.version);
        expect(createValidator({ version: sample.version }).validate(sample.event)).toEqual([]);
      });
    }
  }

  const v150 = samples.find((s) => s.version === '1.5.0');
  it('the 1.5.0 sample, checked against 1.8.0, fails exactly on its space-separated *_dt times', () => {
    if (!v150) throw new Error('1.5.0 sample missing');
    const validator = createValidator({ version: '1.8.0', schemaDir: schemaDir('1.8.0') });
    // Finding: Security Lake's 1.5.0 output writes "2025-07-11 15:26:24+00:00". RFC 3339 §5.6 allows the space
    // only as a note for readability; OCSF 1.8.0's datetime_t regex requires T or t (even though its own
    // description shows a space-separated example). Everything else in the event is valid 1.8.0.
    const issues = validator.validate(v150.event);
    expect(issues.map((i) => [i.pointer, i.code])).toEqual([
      ['/end_time_dt', 'constraint'],
      ['/start_time_dt', 'constraint'],
      ['/time_dt', 'constraint'],
    ]);
    expect(validator.validate(normalise(v150.event))).toEqual([]);
  });
});
