/**
 * The handler in a process of its own, as a Lambda execution environment runs it: built from environment
 * variables at start, invoked with an SQS event file, its response written to a file. A test can kill the
 * process part-way through a batch (SIGKILL, as a timeout or an out-of-memory kill would).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqsBatchResponse, SqsEvent } from '../../src/index.js';
import { CREDENTIALS, REGION } from './servers.js';

const SCRIPT = new URL('./handler-process.mjs', import.meta.url).pathname;

export interface ProcessInvoker {
  invoke(event: SqsEvent): Promise<SqsBatchResponse>;
  /** Log lines of every invocation, in order. */
  lines: Record<string, unknown>[];
  /** Kill the next invocation's process once it has logged this many object lines. */
  killAfter(objects: number): void;
  remove(): void;
}

export function processInvoker(s3Endpoint: string, env: Record<string, string>): ProcessInvoker {
  const dir = mkdtempSync(join(tmpdir(), 'ocsfx-invoke-'));
  const lines: Record<string, unknown>[] = [];
  let killAt: number | undefined;
  let n = 0;
  return {
    lines,
    killAfter(objects) {
      killAt = objects;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
    invoke(event) {
      const eventFile = join(dir, `event-${++n}.json`);
      const responseFile = join(dir, `response-${n}.json`);
      writeFileSync(eventFile, JSON.stringify(event));
      const limit = killAt;
      killAt = undefined;
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--no-warnings', SCRIPT, eventFile, responseFile], {
          env: {
            PATH: process.env.PATH ?? '',
            AWS_REGION: REGION,
            AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
            AWS_ENDPOINT_URL_S3: s3Endpoint,
            OCSFX_S3_FORCE_PATH_STYLE: 'true',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        let objects = 0;
        let buffered = '';
        child.stdout.on('data', (chunk: Buffer) => {
          buffered += chunk.toString('utf8');
          let nl = buffered.indexOf('\n');
          while (nl !== -1) {
            const line = JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>;
            buffered = buffered.slice(nl + 1);
            lines.push(line);
            if (line['object'] && ++objects === limit) child.kill('SIGKILL');
            nl = buffered.indexOf('\n');
          }
        });
        child.on('close', (code, signal) => {
          if (code === 0) resolve(JSON.parse(readFileSync(responseFile, 'utf8')) as SqsBatchResponse);
          else reject(new Error(`handler process ended with ${signal ?? `exit code ${code}`}`));
        });
      });
    },
  };
}
