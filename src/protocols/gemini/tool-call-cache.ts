import { createHash } from 'node:crypto'

/** What the gateway remembers about a Gemini function call so a later turn can refer back to it. */
export interface RememberedCall {
  name: string
  /** Gemini's opaque `thoughtSignature` of the call part, replayed only to Gemini. */
  thoughtSignature?: string
  /** The model that produced the signature (signatures do not travel across models). */
  model?: string
  /** The id came from Gemini itself (so it is echoed in `functionResponse.id`), not synthesized by us. */
  nativeId?: boolean
}

interface Entry<Value> {
  value: Value
  expiresAt: number
}

/** Options of a {@link SideCache}. */
export interface SideCacheOptions {
  maxEntries?: number
  ttlMs?: number
  now?: () => number
}

/** A small LRU with a time to live; a Map keeps insertion order, so the first key is the oldest. */
export class SideCache<Value> {
  readonly #entries = new Map<string, Entry<Value>>()
  readonly #maxEntries: number
  readonly #ttlMs: number
  readonly #now: () => number

  constructor(options: SideCacheOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#ttlMs = options.ttlMs ?? 6 * 60 * 60 * 1000
    this.#now = options.now ?? Date.now
  }

  /** Stores a value, evicting the least recently used entry when full. */
  set(key: string, value: Value): void {
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: this.#now() + this.#ttlMs })
    while (this.#entries.size > this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (oldest.done) break
      this.#entries.delete(oldest.value)
    }
  }

  /** Reads a value and marks it recently used; expired entries read as absent. */
  get(key: string): Value | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    this.#entries.delete(key)
    if (entry.expiresAt <= this.#now()) return undefined
    this.#entries.set(key, entry)
    return entry.value
  }

  /** Number of entries held (expired ones included until touched). */
  get size(): number {
    return this.#entries.size
  }
}

/** Side caches of the Gemini codec: tool-call id → call facts, thought-text hash → signature. */
export interface GeminiSideCaches {
  calls: SideCache<RememberedCall>
  thoughts: SideCache<string>
}

/** Creates a fresh pair of side caches (each codec has its own, bounded in entries and age). */
export function createGeminiSideCaches(options: SideCacheOptions = {}): GeminiSideCaches {
  return { calls: new SideCache<RememberedCall>(options), thoughts: new SideCache<string>(options) }
}

/** Key for a thought summary's signature: a hash of its text, so the text itself is not held twice. */
export function thoughtKey(text: string): string {
  return createHash('sha256').update(`thought\n${text}`).digest('base64url')
}

/** Key for the signature Gemini put on an answer's text (often on a trailing empty part). */
export function answerKey(text: string): string {
  return createHash('sha256').update(`answer\n${text}`).digest('base64url')
}
