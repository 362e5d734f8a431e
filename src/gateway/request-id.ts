import { randomUUID } from 'node:crypto'

/**
 * A new request id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time in milliseconds.
 * Ids made later sort later, so each new log row lands at the end of the store's primary-key index
 * instead of at a random page of it (sql.js inserts ran at about half the cost).
 */
export function newRequestId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0').slice(-12)
  // randomUUID's own random bits (and its variant) fill the rest; only the version digit changes.
  const random = randomUUID()
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`
}
