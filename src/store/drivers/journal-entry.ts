import type { RequestRecord } from '../request-record.ts'
import type { PruneOptions } from '../store.ts'

/**
 * One line of the sql.js store's journal: a change applied to the database, numbered in the order it
 * was applied. Replaying the lines with a number above the snapshot's rebuilds the database exactly;
 * the format is described in docs/store.md.
 */
export type JournalEntry = { seq: number; insert: RequestRecord[] } | { seq: number; prune: PruneOptions }

/** One journal line, newline included. */
export function encodeJournalEntry(entry: JournalEntry): string {
  return `${JSON.stringify(entry)}\n`
}

function isEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false
  const entry = value as Record<string, unknown>
  if (!Number.isSafeInteger(entry.seq)) return false
  if (Array.isArray(entry.insert)) return true
  const prune = entry.prune as Record<string, unknown> | undefined
  return typeof prune === 'object' && prune !== null && typeof prune.before === 'number'
}

/** The entry a line holds, or undefined when the line is torn or not an entry. */
export function decodeJournalEntry(line: string): JournalEntry | undefined {
  try {
    const value: unknown = JSON.parse(line)
    return isEntry(value) ? value : undefined
  } catch {
    return undefined
  }
}
