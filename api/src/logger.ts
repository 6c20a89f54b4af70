import pino, { type DestinationStream, type Logger } from 'pino';

/** `destination` defaults to stdout; tests pass a stream to read what was logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'satark-api' } }, destination);
}
