export { makeReliableTransport, reliableDeliveryOptions } from './reliable-transport';
export { ReliableTransportError } from './errors';
export type { ReliableTransportErrorCode } from './errors';
export type {
  NodeTransportOptions,
  ReliableTransport,
  ReliableTransportOptions,
  ReliableTransportStats,
  ReliableTransportStoreOptions,
  TransportDropReason,
  TransportLogger,
  TransportOutcome,
  TransportOutcomeInfo,
  TransportSpillReason,
} from './types';
