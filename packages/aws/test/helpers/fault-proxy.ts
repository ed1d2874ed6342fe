/**
 * A small HTTP proxy in front of s3rver that injects faults: chosen requests are answered with an S3 error
 * (500 InternalError, 503 SlowDown) or delayed, the rest are passed through. It records every request, so a
 * test can see what the SDK retried and which query (e.g. `versionId`) it sent.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /** Which requests: method and a test on the path with its query. */
  method: string;
  path: RegExp;
  /** How many matching requests get the fault (then they pass). */
  times: number;
  /** An S3 error status to answer with, or a delay before passing the request on. */
  status?: 500 | 503;
  delayMs?: number;
}

export interface SeenRequest {
  method: string;
  url: string;
  /** What the proxy did: `passed`, `500`, `503`, `delayed`. */
  action: string;
}

export interface FaultProxy {
  endpoint: string;
  seen: SeenRequest[];
  add(fault: Fault): void;
  close(): Promise<void>;
}

const ERROR_CODES = {
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
} as const;

export async function startFaultProxy(target: { port: number }): Promise<FaultProxy> {
  const faults: (Fault & { left: number })[] = [];
  const seen: SeenRequest[] = [];
  const forward = (req: IncomingMessage, res: import('node:http').ServerResponse, body: Buffer) => {
    const upstream = request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const fault = faults.find((f) => f.left > 0 && f.method === req.method && f.path.test(req.url ?? ''));
      if (fault) fault.left--;
      const entry: SeenRequest = { method: req.method ?? '', url: req.url ?? '', action: 'passed' };
      seen.push(entry);
      if (fault?.status) {
        entry.action = String(fault.status);
        const [code, message] = ERROR_CODES[fault.status];
        const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>FAULT</RequestId></Error>`;
        res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
        res.end(xml);
        return;
      }
      if (fault?.delayMs) {
        entry.action = 'delayed';
        setTimeout(() => forward(req, res, body), fault.delayMs);
        return;
      }
      forward(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    add: (fault) => faults.push({ ...fault, left: fault.times }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
