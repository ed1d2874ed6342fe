/**
 * Real servers for the tests, on 127.0.0.1 with ephemeral ports: s3rver (the S3 REST API, objects in a temp
 * directory) and local-aws-sqs (the SQS JSON protocol, with redrive policies). Clients get dummy credentials.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';

export const REGION = 'us-east-1';
export const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Server {
  endpoint: string;
  port: number;
  /** S3 event notifications as s3rver emits them (its own shape: unencoded keys, `ObjectCreated:Post`). */
  onEvent(listener: (event: unknown) => void): void;
  close(): Promise<void>;
}

export async function startS3(buckets: readonly string[]): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'ocsfx-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [] })),
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    onEvent(listener) {
      server.on('event', listener);
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export interface SqsServer {
  endpoint: string;
  close(): Promise<void>;
}

export async function startSqs(): Promise<SqsServer> {
  const server: Server = await createSqsServer({
    port: 0,
    hostname: '127.0.0.1',
    region: REGION,
    emulateQueueCreationLifecycle: false,
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export function s3Client(endpoint: string, options: { maxAttempts?: number } = {}): S3Client {
  return new S3Client({
    endpoint,
    region: REGION,
    credentials: CREDENTIALS,
    forcePathStyle: true,
    ...options,
  });
}

export function sqsClient(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: REGION, credentials: CREDENTIALS });
}
