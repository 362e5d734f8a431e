/** Strips the `models/` resource prefix: `models/gemini-2.5-flash` → `gemini-2.5-flash`. */
export function bareModelId(model: string): string {
  return model.startsWith('models/') ? model.slice('models/'.length) : model
}

/** The resource name the API wants inside bodies: `models/gemini-2.5-flash`. */
export function modelResourceName(model: string): string {
  return `models/${bareModelId(model)}`
}

function modelPath(model: string, method: string): string {
  return `/v1beta/models/${encodeURIComponent(bareModelId(model))}:${method}`
}

/** Upstream paths relative to a Gemini base URL such as `https://generativelanguage.googleapis.com`. */
export const geminiPaths = {
  /** `:generateContent`, or `:streamGenerateContent?alt=sse` (without `alt=sse` the body is a JSON array: docs/protocols.md pitfall 29). */
  generate: (model: string, stream: boolean): string =>
    stream ? `${modelPath(model, 'streamGenerateContent')}?alt=sse` : modelPath(model, 'generateContent'),
  countTokens: (model: string): string => modelPath(model, 'countTokens'),
  embedContent: (model: string): string => modelPath(model, 'embedContent'),
  batchEmbedContents: (model: string): string => modelPath(model, 'batchEmbedContents'),
  /** One page of the model list; the key never goes in the URL. */
  models: (pageToken?: string, pageSize = 1000): string =>
    `/v1beta/models?pageSize=${pageSize}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
}

/** The auth header of a Gemini call: the key travels in `x-goog-api-key`, never in the URL. */
export function geminiAuthHeaders(apiKey: string): Record<string, string> {
  return { 'x-goog-api-key': apiKey }
}
