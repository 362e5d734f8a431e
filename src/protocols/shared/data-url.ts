/** Splits a `data:<mime>;base64,<data>` URL; undefined for anything else. */
export function parseDataUrl(url: string): { mime: string; data: string } | undefined {
  const match = /^data:([^;,]+)?((?:;[^;,]+)*);base64,(.*)$/s.exec(url)
  if (!match) return undefined
  return { mime: match[1] ?? 'application/octet-stream', data: match[3] ?? '' }
}

/** Builds a base64 data URL. */
export function formatDataUrl(mime: string, data: string): string {
  return `data:${mime};base64,${data}`
}
