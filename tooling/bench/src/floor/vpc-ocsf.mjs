#!/usr/bin/env node
/**
 * The VPC floor with the OCSF event instead of the flat object: the same reading, line splitting and
 * writing as vpc.mjs, but each record goes through the VPC plugin's own translator (its public
 * `createTranslator`) and the OCSF event is what gets stringified. No reader framework, no stats, no
 * rejects sink, no back-pressure beyond the file's. Its distance to vpc.mjs is the cost of the OCSF event
 * itself (building it, and JSON of ~2.3× the size); the distance from ocsfx to it is everything else
 * ocsfx does.
 *
 *   node vpc-ocsf.mjs INPUT OUTPUT
 */
import vpcFlowLogs from '@ocsfx/plugin-vpc-flowlogs';
import { forEachLine, lineWriter } from './common.mjs';

const [input, output] = process.argv.slice(2);
const translator = vpcFlowLogs.createTranslator({ ocsfVersion: '', options: {} });
const out = lineWriter(output);
const location = { file: input };
let columns = null;
let records = 0;

function onLine(line) {
  if (line.length === 0) return undefined;
  const values = line.split(' ');
  if (columns === null) {
    columns = values;
    return undefined;
  }
  const outcome = translator.translate({ kind: 'row', columns, values, location }, { location });
  if (outcome.kind !== 'emitted') throw new Error(`record ${records + 1} was ${outcome.kind}: ${outcome.reason}`);
  records++;
  return out.write(JSON.stringify(outcome.events[0]));
}

await forEachLine(input, onLine);
await out.close();
process.stderr.write(`${records} records\n`);
