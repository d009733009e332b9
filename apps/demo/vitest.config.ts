import { defineConfig } from 'vitest/config';

// The scenario starts real servers and processes: minutes, not seconds, on a shared 2-core machine.
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 120_000 } });
