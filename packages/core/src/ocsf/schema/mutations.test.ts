import { hasShared } from '@ocsfx/vitest-config/shared';
import { describe, expect, it } from 'vitest';
import type { OcsfValidator } from './issues.js';
import { expectedSamples, normalise, schemaDir } from './test-helpers/samples.js';
import { createValidator } from './validator.js';

type Event = Record<string, unknown>;
type Pair = readonly [pointer: string, code: string];

interface Mutation {
  name: string;
  /** Applies only to samples where this holds. */
  when?: (event: Event) => boolean;
  apply: (event: Event) => void;
  /** Exactly the issues expected, as [pointer, code]; [] = the mutated event is still valid. */
  expect: Pair[] | ((event: Event) => Pair[]);
}

const rec = (value: unknown): Event => value as Event;
const has = (event: Event, path: string): boolean => {
  let cur: unknown = event;
  for (const key of path.split('.')) {
    if (typeof cur !== 'object' || cur === null || !(key in cur)) return false;
    cur = (cur as Event)[key];
  }
  return true;
};
/** `observable` issues for every observable whose path starts with `prefix` (its target was replaced). */
const observablesUnder = (event: Event, prefix: string): Pair[] =>
  ((event['observables'] as Event[] | undefined) ?? []).flatMap((o, i) =>
    String(o['name']).startsWith(prefix) ? [[`/observables/${i}/name`, 'observable'] as const] : [],
  );
const profiles = (event: Event): string[] => rec(event['metadata'])['profiles'] as string[];

const MUTATIONS: Mutation[] = [
  {
    name: 'integer attribute given a string',
    apply: (e) => {
      e['severity_id'] = '1';
    },
    expect: [['/severity_id', 'type']],
  },
  {
    name: 'timestamp given a string',
    apply: (e) => {
      e['time'] = 'now';
    },
    expect: [['/time', 'type']],
  },
  {
    name: 'timestamp given a float',
    apply: (e) => {
      e['time'] = 1.5;
    },
    expect: [['/time', 'type']],
  },
  {
    name: 'nested string given a number',
    apply: (e) => {
      rec(rec(e['metadata'])['product'])['name'] = 42;
    },
    expect: [['/metadata/product/name', 'type']],
  },
  {
    name: 'array given an object',
    apply: (e) => {
      e['observables'] = {};
    },
    expect: [['/observables', 'type']],
  },
  {
    name: 'object given a string (its observables then point nowhere)',
    apply: (e) => {
      e['src_endpoint'] = 'x';
    },
    expect: (e) => [['/src_endpoint', 'type'], ...observablesUnder(e, 'src_endpoint.')],
  },
  {
    name: 'unknown top-level attribute',
    apply: (e) => {
      e['bogus'] = 1;
    },
    expect: [['/bogus', 'additional']],
  },
  {
    name: 'unknown nested attribute',
    apply: (e) => {
      rec(rec(e['metadata'])['product'])['bogus'] = true;
    },
    expect: [['/metadata/product/bogus', 'additional']],
  },
  {
    name: 'attribute with a slash in its name is escaped in the pointer',
    apply: (e) => {
      rec(e['src_endpoint'])['a/b~c'] = 1;
    },
    expect: [['/src_endpoint/a~1b~0c', 'additional']],
  },
  {
    name: 'missing required severity_id',
    apply: (e) => {
      delete e['severity_id'];
    },
    expect: [['/severity_id', 'required']],
  },
  {
    name: 'missing required type_uid',
    apply: (e) => {
      delete e['type_uid'];
    },
    expect: [['/type_uid', 'required']],
  },
  {
    name: 'missing required nested metadata.product',
    apply: (e) => {
      delete rec(e['metadata'])['product'];
    },
    expect: [['/metadata/product', 'required']],
  },
  {
    name: 'missing required metadata.version',
    apply: (e) => {
      delete rec(e['metadata'])['version'];
    },
    expect: [['/metadata/version', 'required']],
  },
  {
    name: 'unknown severity_id',
    apply: (e) => {
      e['severity_id'] = 42;
    },
    expect: [['/severity_id', 'enum']],
  },
  {
    name: 'unknown activity_id (type_uid then disagrees too)',
    apply: (e) => {
      e['activity_id'] = 42;
    },
    expect: [
      ['/activity_id', 'enum'],
      ['/type_uid', 'type_uid'],
    ],
  },
  {
    name: 'class_uid of another class',
    apply: (e) => {
      e['class_uid'] = 999_999;
    },
    expect: [['/class_uid', 'class']],
  },
  {
    name: 'severity caption disagrees',
    apply: (e) => {
      e['severity'] = 'Critical';
    },
    expect: [['/severity', 'caption']],
  },
  {
    name: 'activity_name disagrees',
    apply: (e) => {
      e['activity_name'] = 'Something';
    },
    expect: [['/activity_name', 'caption']],
  },
  {
    name: 'class_name disagrees',
    apply: (e) => {
      e['class_name'] = 'Process Activity';
    },
    expect: [['/class_name', 'caption']],
  },
  {
    name: 'category_name disagrees',
    apply: (e) => {
      e['category_name'] = 'Findings';
    },
    expect: [['/category_name', 'caption']],
  },
  {
    name: 'type_name disagrees',
    apply: (e) => {
      e['type_name'] = 'X: Y';
    },
    expect: [['/type_name', 'caption']],
  },
  {
    name: 'severity_id 99 keeps a custom caption',
    apply: (e) => {
      e['severity_id'] = 99;
      e['severity'] = 'Vendor-Specific';
    },
    expect: [],
  },
  {
    name: 'wrong type_uid',
    apply: (e) => {
      e['type_uid'] = Number(e['type_uid']) + 1;
    },
    expect: [['/type_uid', 'type_uid']],
  },
  {
    name: 'wrong category_uid',
    apply: (e) => {
      e['category_uid'] = 2;
    },
    expect: [['/category_uid', 'category']],
  },
  {
    name: 'observable pointing nowhere',
    apply: (e) => {
      const list = (e['observables'] as unknown[] | undefined) ?? [];
      list.push({ name: 'nowhere.ip', type: 'IP Address', type_id: 2, value: '10.0.0.1' });
      e['observables'] = list;
    },
    expect: (e) => [[`/observables/${(e['observables'] as unknown[]).length - 1}/name`, 'observable']],
  },
  {
    name: 'observable value differs from the attribute',
    when: (e) => has(e, 'src_endpoint.ip'),
    apply: (e) => {
      const list = (e['observables'] as unknown[] | undefined) ?? [];
      list.push({ name: 'src_endpoint.ip', type: 'IP Address', type_id: 2, value: '10.9.9.9' });
      e['observables'] = list;
    },
    expect: (e) => [[`/observables/${(e['observables'] as unknown[]).length - 1}/value`, 'observable']],
  },
  {
    name: 'observable with an unknown type_id',
    apply: (e) => {
      const list = (e['observables'] as unknown[] | undefined) ?? [];
      list.push({ name: 'class_uid', type_id: 4242, value: String(e['class_uid']) });
      e['observables'] = list;
    },
    expect: (e) => [[`/observables/${(e['observables'] as unknown[]).length - 1}/type_id`, 'enum']],
  },
  {
    name: 'unmapped left free: any keys and values',
    apply: (e) => {
      e['unmapped'] = { 'a.b': { deep: [1, { x: null }] }, n: 1 };
    },
    expect: [],
  },
  {
    name: 'invalid IP address',
    when: (e) => has(e, 'src_endpoint.ip'),
    apply: (e) => {
      rec(e['src_endpoint'])['ip'] = '1.2.3';
    },
    expect: (e) => {
      // the observable for src_endpoint.ip (if any) now disagrees as well
      const list = (e['observables'] as Event[] | undefined) ?? [];
      const i = list.findIndex((o) => o['name'] === 'src_endpoint.ip');
      return i < 0
        ? [['/src_endpoint/ip', 'constraint']]
        : [
            ['/src_endpoint/ip', 'constraint'],
            [`/observables/${i}/value`, 'observable'],
          ];
    },
  },
  {
    name: 'port out of range',
    when: (e) => has(e, 'src_endpoint.port'),
    apply: (e) => {
      rec(e['src_endpoint'])['port'] = 70_000;
    },
    expect: [['/src_endpoint/port', 'constraint']],
  },
  {
    name: 'caption of a nested enum disagrees',
    when: (e) => has(e, 'connection_info.direction_id'),
    apply: (e) => {
      rec(e['connection_info'])['direction'] = 'Sideways';
    },
    expect: [['/connection_info/direction', 'caption']],
  },
  {
    name: 'malformed datetime',
    when: (e) => profiles(e).includes('datetime') && 'time_dt' in e,
    apply: (e) => {
      e['time_dt'] = '11/04/2022';
    },
    expect: [['/time_dt', 'constraint']],
  },
  {
    name: 'profile attribute without its profile',
    when: (e) => profiles(e).includes('cloud') && 'cloud' in e,
    apply: (e) => {
      rec(e['metadata'])['profiles'] = profiles(e).filter((p) => p !== 'cloud');
    },
    // the cloud profile also brings `api` (CloudTrail events carry it)
    expect: (e) => (['cloud', 'api'] as const).filter((k) => k in e).map((k) => [`/${k}`, 'additional'] as const),
  },
  {
    name: 'datetime attribute without the datetime profile',
    when: (e) => !profiles(e).includes('datetime'),
    apply: (e) => {
      e['time_dt'] = '2022-04-11T20:03:08Z';
    },
    expect: [['/time_dt', 'additional']],
  },
  {
    name: 'json_t enrichment data takes any JSON',
    apply: (e) => {
      e['enrichments'] = [{ name: 'n', value: 'v', data: [{ any: 'thing' }, 3, null] }];
    },
    expect: [],
  },
  {
    name: 'enrichment missing its required data',
    apply: (e) => {
      e['enrichments'] = [{ name: 'n', value: 'v' }];
    },
    expect: [['/enrichments/0/data', 'required']],
  },
];

const samples = expectedSamples().map((s) => (s.version === '1.5.0' ? { ...s, event: normalise(s.event) } : s));

function sorted(pairs: readonly Pair[]): string[] {
  return pairs.map(([p, c]) => `${c} ${p}`).sort();
}

describe.skipIf(!hasShared)('mutated samples report the right issue at the right pointer', () => {
  for (const sample of samples) {
    const validators: [string, () => OcsfValidator][] = [
      ['schema checkout', () => createValidator({ version: sample.against, schemaDir: schemaDir(sample.against) })],
    ];
    if (sample.version === '1.1.0' || (sample.version === '1.0.0-rc.2' && sample.event['class_uid'] === 3002)) {
      validators.push(['bundled data', () => createValidator({ version: sample.version })]);
    }
    for (const [source, make] of validators) {
      describe(`${sample.file} (${sample.against}, ${source})`, () => {
        const applicable = MUTATIONS.filter((m) => m.when?.(sample.event) ?? true);
        it('the untouched sample passes and at least 20 mutations apply', () => {
          expect(make().validate(sample.event)).toEqual([]);
          expect(applicable.length).toBeGreaterThanOrEqual(20);
        });
        for (const mutation of applicable) {
          it(mutation.name, () => {
            const event = structuredClone(sample.event);
            mutation.apply(event);
            const want = typeof mutation.expect === 'function' ? mutation.expect(event) : mutation.expect;
            const issues = make().validate(event);
            expect(sorted(issues.map((i) => [i.pointer, i.code] as const))).toEqual(sorted(want));
            for (const issue of issues) expect(issue.message.length).toBeGreaterThan(5);
          });
        }
      });
    }
  }
});
