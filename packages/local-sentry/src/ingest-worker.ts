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

// Replies go back in small chunks as they are ready, not once per batch: the main thread can then
// commit the first requests of a batch while this thread parses the rest, instead of the whole
// batch moving through parse, commit and fsync in lock step (measured: that convoy left both
// threads idle half the time). A chunk still shares one message among several requests.
const CHUNK = 4;

port?.on('message', (batch: WorkerBatch) => {
  for (let start = 0; start < batch.length; start += CHUNK) port.postMessage(batch.slice(start, start + CHUNK).map(prepareOne));
});
