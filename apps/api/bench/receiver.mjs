// The loopback receiver of bench/run.mjs, in its own process so that parsing envelopes competes
// neither with the load generator nor with the servers measured (the same receiver for every variant).
// Prints {"dsn": ...}; answers the IPC message 'counts' with events received per project id (each
// variant gets its own project id in its DSN). Keeps only counts, not envelopes, so memory stays flat.
import { startTestReceiver } from '@causal-organism/test-receiver';

const receiver = await startTestReceiver();
const counts = {};
function drain() {
  for (const envelope of receiver.envelopes) {
    const project = /\/api\/(\d+)\//.exec(envelope.path)?.[1] ?? '?';
    for (const item of envelope.items) if (item.type === 'event') counts[project] = (counts[project] ?? 0) + 1;
  }
  receiver.clear();
}
setInterval(drain, 500).unref();
process.on('message', (message) => {
  if (message !== 'counts') return;
  drain();
  process.send({ counts });
});
process.on('disconnect', () => void receiver.close().then(() => process.exit(0)));
process.stdout.write(`${JSON.stringify({ dsn: receiver.dsn })}\n`);
