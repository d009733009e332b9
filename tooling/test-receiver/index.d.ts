import type { Envelope } from '@sentry/core';

export interface ReceivedItem {
  /** Envelope item type: `event`, `transaction`, `span`, `log`, `client_report`, ... */
  type: string;
  headers: Record<string, unknown>;
  payload: any;
}

export interface ReceivedEnvelope {
  headers: Record<string, unknown>;
  items: ReceivedItem[];
  /** The raw request body after decompression, for byte-level searches (leak tests). */
  raw: Buffer;
  /** The request path, e.g. `/api/1/envelope/`. */
  path: string;
}

export interface TestReceiverOptions {
  /** Delay every answer by this many milliseconds (a slow Sentry). @default 0 */
  delayMs?: number;
  /** HTTP status to answer with. @default 200 */
  status?: number;
}

export interface TestReceiver {
  /** A DSN that points at this receiver: `http://public@127.0.0.1:<port>/1`. */
  dsn: string;
  port: number;
  envelopes: ReceivedEnvelope[];
  /** Every item of every envelope, in arrival order. */
  items(type?: string): ReceivedItem[];
  /** Error events (items of type `event`). */
  events(): any[];
  /** Resolves once `predicate` holds, or rejects after `timeoutMs` (default 10 s) with what did arrive. */
  waitFor(predicate: (receiver: TestReceiver) => boolean, timeoutMs?: number): Promise<void>;
  /** Changes how the receiver answers from now on. */
  setBehaviour(options: TestReceiverOptions): void;
  clear(): void;
  close(): Promise<void>;
}

export function startTestReceiver(options?: TestReceiverOptions & { port?: number }): Promise<TestReceiver>;
export function parseEnvelopeBody(body: Buffer): Envelope;

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; any path under it is accepted. */
  url: string;
  /** Every POST in arrival order: its path and its body (parsed JSON, or the text when not JSON). */
  deliveries: Array<{ path: string; body: any }>;
  close(): Promise<void>;
}

export function startWebhookReceiver(): Promise<WebhookReceiver>;
