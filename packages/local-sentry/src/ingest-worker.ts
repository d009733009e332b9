// An ingest worker thread (see internal/ingest-pool): decompresses, parses and groups request
// bodies posted by the main thread and answers with store work. Built as its own entry so it
// can be started from `dist/`.
import { parentPort, workerData } from 'node:worker_threads';
import { parseRules } from '@causal-organism/fingerprints';
import { IngestError } from './errors';
import { prepareRequest, type PrepareRequest, type ResolvedLimits } from './ingest';
import { BODY, type WorkerBatch, type WorkerReply } from './internal/ingest-pool';

const data = workerData as { limits: ResolvedLimits; fingerprintRules: string };
const options = { limits: data.limits, grouping: { rules: parseRules(data.fingerprintRules) } };
const port = parentPort;

function prepareOne({ id, request }: { id: number; request: PrepareRequest }): WorkerReply {
  let reply: WorkerReply;
  try {
    const result = prepareRequest(request, options);
    // A payload that is the request body itself is not sent back: the main thread still has it.
    for (const event of result.work.events) if (Buffer.isBuffer(event.json)) event.json = BODY;
    reply = { id, result };
  } catch (error) {
    reply = { id, error: IngestError.isInstance(error) ? { code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) } };
  }
  return reply;
}

// One reply per batch: the requests of a batch commit together on the main thread anyway.
port?.on('message', (batch: WorkerBatch) => {
  port.postMessage(batch.map(prepareOne));
});
