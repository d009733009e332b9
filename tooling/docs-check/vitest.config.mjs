import { defineConfig } from 'vitest/config';

// tsc over every snippet and `--help` of each CLI: seconds alone, longer on a loaded 2-core machine.
export default defineConfig({ test: { testTimeout: 120_000 } });
