import { GatewayError } from '../ir/errors.ts'

/** Reads a JSON object body; a malformed or non-object body is a clear 400. */
export async function readJsonObject(request: Request, limit: number): Promise<Record<string, unknown>> {
  return (await readJsonText(request, limit)).value
}

/** Like {@link readJsonObject}, keeping the text the object was parsed from. */
export async function readJsonText(request: Request, limit: number): Promise<{ value: Record<string, unknown>; text: string }> {
  const declared = Number(request.headers.get('content-length') ?? 0)
  if (declared > limit) throw tooLarge(limit)
  const text = await request.text()
  if (text.length > limit) throw tooLarge(limit)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_json', message: `request body is not valid JSON: ${(error as Error).message}` })
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new GatewayError({ kind: 'invalid_request', status: 400, code: 'invalid_request', message: 'request body must be a JSON object' })
  }
  return { value: value as Record<string, unknown>, text }
}

const tooLarge = (limit: number) =>
  new GatewayError({ kind: 'invalid_request', status: 413, code: 'request_too_large', message: `request body is larger than ${limit} bytes` })
