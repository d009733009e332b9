// An ingest worker thread (see internal/ingest-pool): decompresses, parses and groups request
// bodies posted by the main thread and answers with store work. Built as its own entry so it
// can be started from `dist/`.
import { parentPort, workerData } from 'node:worker_threads';
import { parseRules } from '@causal-organism/fingerprints';
import { IngestError } from './errors';
import { prepareRequest, type PrepareRequest, type ResolvedLimits } from './ingest';
import type { WorkerReply } from './internal/ingest-pool';

const data = workerData as { limits: ResolvedLimits; fingerprintRules: string };
const options = { limits: data.limits, grouping: { rules: parseRules(data.fingerprintRules) } };
const port = parentPort;

port?.on('message', ({ id, request }: { id: number; request: PrepareRequest }) => {
  let reply: WorkerReply;
  try {
    reply = { id, result: prepareRequest(request, options) };
  } catch (error) {
    reply = { id, error: IngestError.isInstance(error) ? { code: error.code, message: error.message } : { message: error instanceof Error ? error.message : String(error) } };
  }
  port.postMessage(reply);
});
