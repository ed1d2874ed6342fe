/**
 * Golden tests: the dossier's ConsoleLogin sample → its expected OCSF output, for 1.0.0-rc.2 and 1.1.0.
 * The expected files are Amazon Security Lake's output; the comparison applies exactly the
 * normalisations listed below, each with its reason (DESIGN §6 and the package README).
 */
import { prune } from '@ocsfx/core';
import { hasShared, shared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import { readJson, translateOne } from './helpers.js';

type Json = Record<string, unknown>;

const sample = (name: string) => shared('dossiers', 'samples', name);

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * The samples keep `recipientAccountId` in `unmapped`; we map it to the cloud account (README decision 16),
 * where Security Lake's partition takes the account from.
 */
function moveRecipientAccount(expected: Json, path: readonly string[]): void {
  const unmapped = expected.unmapped as Json;
  const account = unmapped.recipientAccountId;
  expect(account).toBe('111122223333');
  delete unmapped.recipientAccountId;
  let obj = expected;
  for (const key of path.slice(0, -1)) {
    obj[key] ??= {};
    obj = obj[key] as Json;
  }
  obj[path[path.length - 1] as string] = account;
}

describe.skipIf(!hasShared)('golden: dossier ConsoleLogin sample', () => {
  it('1.0.0-rc.2 (default) equals the expected output after the documented normalisations', () => {
    const raw = readJson(sample('cloudtrail_consolelogin_success.ocsf-1.0.0-rc.2.raw.json'));
    const expected = clone(readJson(sample('cloudtrail_consolelogin_success.ocsf-1.0.0-rc.2.expected.json')) as Json);
    const actual = clone(translateOne(raw));

    // 1. `api.request.uid: "''"`: the raw event has no requestID; Security Lake writes a quoted empty
    //    string to satisfy `request.uid` (required). We omit `api.request` when there is no requestID.
    expect((expected.api as Json).request).toEqual({ uid: "''" });
    delete (expected.api as Json).request;
    // 2. Empty objects (`actor.idp: {}`, `actor.session: {}`, `api.response: {}`): OCSF has no empty
    //    values; we prune them.
    // 3. `recipientAccountId` (the recording account) is `cloud.account_uid`, not `unmapped`.
    moveRecipientAccount(expected, ['cloud', 'account_uid']);
    const normalised = prune(expected);
    // 4. Observables: the rc.2 sample has none; we add them (checked on their own below).
    expect(actual.observables).toEqual([
      { name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '192.0.2.0' },
      { name: 'actor.user.name', type: 'User Name', type_id: 4, value: 'anaya' },
      { name: 'actor.user.uuid', type: 'Resource UID', type_id: 10, value: 'arn:aws:iam::111122223333:user/anaya' },
      { name: 'user.uuid', type: 'Resource UID', type_id: 10, value: 'arn:aws:iam::111122223333:user/anaya' },
    ]);
    delete actual.observables;

    expect(actual).toEqual(normalised);
  });

  it('1.1.0 equals the expected output after the documented normalisations', () => {
    const raw = readJson(sample('cloudtrail_consolelogin_success.ocsf-1.1.0.raw.json'));
    const expected = clone(readJson(sample('cloudtrail_consolelogin_success.ocsf-1.1.0.expected.json')) as Json);
    const actual = clone(translateOne(raw, '1.1.0'));

    // The 1.1.0 sample's eventTime is 2023-11-10T16:24:34Z (a year after the rc.2 sample's), and its
    // `time` agrees with it.
    expect(expected.time).toBe(Date.parse('2023-11-10T16:24:34Z'));
    // 1. `api.request.uid: "''"`: Security Lake artefact, as for rc.2 (no requestID in the raw event).
    expect((expected.api as Json).request).toEqual({ uid: "''" });
    delete (expected.api as Json).request;
    // 2. `time_dt`: the sample writes the same instant with a -05:00 offset; we write UTC with `Z`.
    expect(Date.parse(expected.time_dt as string)).toBe(Date.parse(actual.time_dt as string));
    expect(actual.time_dt).toBe('2023-11-10T16:24:34.000Z');
    expected.time_dt = actual.time_dt;
    // 3. `status_id`: the sample has `status: "Success"` without its id (recommended in 1.1.0); we
    //    always write both.
    expect(expected.status_id).toBeUndefined();
    expected.status_id = 1;
    // 4. `api.response.data` is `json_t`: the sample holds the JSON as a string, we hold the value itself.
    const response = (expected.api as Json).response as Json;
    response.data = JSON.parse(response.data as string);
    // 5. `recipientAccountId` (the recording account) is `cloud.account.uid`, not `unmapped`.
    moveRecipientAccount(expected, ['cloud', 'account', 'uid']);
    // 6. Observables: ours include the sample's two, plus the ARNs (Resource UID).
    const observables = actual.observables as Json[];
    for (const o of expected.observables as Json[]) expect(observables).toContainEqual(o);
    expect(observables.filter((o) => o.type_id === 10).map((o) => o.name)).toEqual(['actor.user.uid', 'user.uid']);
    delete expected.observables;
    delete actual.observables;

    expect(actual).toEqual(expected);
  });
});
