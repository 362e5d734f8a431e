import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'

/** A 400 for a client body that does not have the expected shape; `path` names the field. */
export function invalidRequest(path: string, message: string): GatewayError {
  return new GatewayError({
    kind: 'invalid_request',
    status: 400,
    code: 'invalid_request',
    message: path === '' ? message : `${path}: ${message}`,
  })
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The value as an object, or a 400 naming `path`. */
export function expectRecord(value: unknown, path: string): JsonObject {
  if (!isRecord(value)) throw invalidRequest(path, 'expected an object')
  return value
}

/** The value as an array, or a 400 naming `path`. */
export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidRequest(path, 'expected an array')
  return value
}

/** The value as a string, or a 400 naming `path`. */
export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw invalidRequest(path, 'expected a string')
  return value
}

/** The string, or undefined when absent/null; a 400 for another type. */
export function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined
  return expectString(value, path)
}

/** The finite number, or undefined when absent/null; a 400 for another type. */
export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidRequest(path, 'expected a number')
  return value
}

/** The boolean, or undefined when absent/null; a 400 for another type. */
export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') throw invalidRequest(path, 'expected a boolean')
  return value
}

/** A number read leniently from an upstream body (0 when absent or not a number). */
export function countOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0
}

/** A number from an upstream body, or undefined when absent or not a number. */
export function maybeCount(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/** A string from an upstream body, or undefined. */
export function maybeString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** Parses JSON, returning undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

/** Copies `source` without the given keys (the fields a decoder did not map go to `extra`). */
export function omitKeys(source: JsonObject, keys: ReadonlySet<string>): JsonObject {
  const rest: JsonObject = {}
  for (const [key, value] of Object.entries(source)) if (!keys.has(key)) rest[key] = value
  return rest
}
