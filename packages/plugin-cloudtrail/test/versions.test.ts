/**
 * OCSF 1.5.0 and 1.8.0: the same events as 1.1.0 but for `metadata.version`, and every one valid against
 * the official schema of its version (deprecated attributes are warnings there, listed in the README).
 */
import { createValidator, type JsonRecord } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { cloudTrailFiles, type Json } from './helpers.js';

const base = plugin.createTranslator({ ocsfVersion: '1.1.0', options: {} });

describe.skipIf(!hasShared)('other OCSF versions over the real CloudTrail records', () => {
  it.each(['1.5.0', '1.8.0'])('%s: the 1.1.0 events with their version, valid against its schema', (version) => {
    const translator = plugin.createTranslator({ ocsfVersion: version, options: {} });
    const validator = createValidator({ version, schemaDir: shared('ocsf-schema', version) });
    let emitted = 0;
    const invalid: string[] = [];
    for (const file of cloudTrailFiles) {
      for (const value of file.events) {
        const record: JsonRecord = { kind: 'json', value, location: { file: file.path } };
        const outcome = translator.translate(record, { location: record.location });
        const reference = base.translate(record, { location: record.location });
        expect(outcome.kind).toBe(reference.kind);
        if (outcome.kind !== 'emitted' || reference.kind !== 'emitted') continue;
        const event = outcome.events[0] as Json;
        emitted++;
        expect(event).toEqual({
          ...reference.events[0],
          metadata: { ...(reference.events[0]?.metadata as Json), version },
        });
        for (const issue of validator.validate(event)) invalid.push(`${issue.pointer}: ${issue.message}`);
      }
    }
    expect(emitted).toBeGreaterThan(2500);
    expect(invalid).toEqual([]);
  });
});
