import { definePackageConfig } from '@causal-organism/tsup-config';

// Three entries: the library, the `local-sentry` CLI that `bin` points at, and the ingest worker
// thread that both start from beside themselves in dist/.
export default definePackageConfig({ entry: { index: 'src/index.ts', cli: 'src/cli.ts', 'ingest-worker': 'src/ingest-worker.ts' } });
