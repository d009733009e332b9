// Preloaded into the server process by the benchmark (`node --import`): on SIGUSR2 it prints the
// process's memory (RSS for every thread, V8 heap of the main thread) as one line on stdout.
process.on('SIGUSR2', () => {
  const m = process.memoryUsage();
  process.stdout.write(`memory ${JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })}\n`);
});
