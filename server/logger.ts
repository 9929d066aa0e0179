import { pino, type DestinationStream, type Logger } from 'pino'

export type { Logger }

/** The service's logger; `destination` (default stdout) lets tests read what would be logged. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'locality-atlas' }, redact: ['req.headers.authorization', 'req.headers.cookie'] }, destination)
}
