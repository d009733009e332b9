import { defineConfig } from 'vitest/config';

// Generous timeouts: the machine is shared, and the contract tests load a 3.9 MB OpenAPI document.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
