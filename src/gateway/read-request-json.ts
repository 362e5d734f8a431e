import { GatewayError } from '../ir/errors.ts'

/** Reads a JSON object body; a malformed or non-object body is a clear 400. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  return (await readJsonText(request, limit)).value
}

/** Like {@link readJsonObject}, keeping the text the object was parsed from. */
export async function readJsonText(
  request: Request,
  limit: number,
): Promise<{ value: Record<string, unknown>; text: string }> {
  const length = request.headers.get('content-length')
  if (length !== null && Number(length) > limit) throw tooLarge(limit)
  // A declared length is what the HTTP parser lets through; a chunked body is counted as it arrives.
  const text = length !== null ? await request.text() : await readBounded(request, limit)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new GatewayError({
      kind: 'invalid_request',
      status: 400,
      code: 'invalid_json',
      message: `request body is not valid JSON: ${(error as Error).message}`,
    })
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError({
      kind: 'invalid_request',
      status: 400,
      code: 'invalid_request',
      message: 'request body must be a JSON object',
    })
  }
  return { value: value as Record<string, unknown>, text }
}

/** The body as text, refused with a 413 as soon as more than `limit` bytes have come (the rest is not read). */
async function readBounded(request: Request, limit: number): Promise<string> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    size += next.value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(limit)
    }
    chunks.push(next.value)
  }
  return Buffer.concat(chunks, size).toString('utf8')
}

const tooLarge = (limit: number) =>
  new GatewayError({
    kind: 'invalid_request',
    status: 413,
    code: 'request_too_large',
    message: `request body is larger than ${limit} bytes`,
  })
