import { createRedactor } from '../config/redactor.ts'

/** Replaces every occurrence of a key in a message (an upstream may echo it in an error). */
export function redactKey(message: string, key: string | undefined): string {
  return key ? createRedactor([key])(message) : message
}
