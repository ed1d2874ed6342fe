// A Lambda execution environment in miniature: the bundled handler's cold start (configuration from the
// environment), one invocation with the event in argv[2], the response written to argv[3].
import { readFileSync, writeFileSync } from 'node:fs';
import cloudtrail from '@ocsfx/plugin-cloudtrail-auth';
import vpc from '@ocsfx/plugin-vpc-flowlogs';
import { createSqsHandler } from '../../dist/index.js';

const [eventFile, responseFile] = process.argv.slice(2);
const handler = createSqsHandler({ plugins: [vpc, cloudtrail] });
const response = await handler(JSON.parse(readFileSync(eventFile, 'utf8')));
writeFileSync(responseFile, JSON.stringify(response));
