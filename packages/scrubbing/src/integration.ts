export function scrubbingIntegration(): { name: string } {
  return { name: 'Scrubbing' };
}
