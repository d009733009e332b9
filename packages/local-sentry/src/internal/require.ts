import { createRequire } from 'node:module';

// Works in both builds: `__filename` exists in CJS, `import.meta.url` in ESM.
export const localRequire = typeof __filename === 'string' ? createRequire(__filename) : createRequire(import.meta.url);
