// The one place that knows which bundler builds our packages. tsup is no longer maintained
// upstream; replacing it (tsdown, rollup, unbuild) means rewriting this file and its peer dependency.
/** @param {import('./index.d.ts').PackageBuildOptions} options */
export function definePackageConfig({ entry, platform = 'node', formats = ['esm', 'cjs'] }) {
  return {
    entry,
    format: formats,
    platform,
    target: platform === 'browser' ? 'es2020' : 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    outDir: 'dist',
  };
}
