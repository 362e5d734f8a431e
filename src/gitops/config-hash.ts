import { createHash } from 'node:crypto'

/** SHA-256 (hex) of a text: identifies the version of the config a plan was made against. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
