export { createLogger } from './node/pino';
export type { KitLoggerOptions } from './node/pino';
