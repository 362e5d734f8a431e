import { invalidRequest, isRecord } from '../shared/read-json.ts'

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array'

/** A 400 naming `path` unless `value` is absent or of `kind` (`null` is not absent: the decoder would keep it). */
function check(value: unknown, path: string, kind: Kind): void {
  if (value === undefined) return
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
  if (actual !== kind || (kind === 'number' && !Number.isFinite(value)))
    throw invalidRequest(path, `expected ${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`)
}

/** The value's entries when it is an array (checked), else none. */
function entries(value: unknown, path: string): unknown[] {
  check(value, path, 'array')
  return Array.isArray(value) ? value : []
}

function checkPart(part: unknown, path: string): void {
  check(part, path, 'object')
  if (!isRecord(part)) throw invalidRequest(path, 'expected an object')
  check(part.text, `${path}.text`, 'string')
  check(part.thought, `${path}.thought`, 'boolean')
  check(part.thoughtSignature, `${path}.thoughtSignature`, 'string')
  const { functionCall, functionResponse, inlineData, fileData } = part
  check(functionCall, `${path}.functionCall`, 'object')
  if (isRecord(functionCall)) {
    if (typeof functionCall.name !== 'string' || functionCall.name === '')
      throw invalidRequest(`${path}.functionCall.name`, 'expected a non-empty string')
    check(functionCall.args, `${path}.functionCall.args`, 'object')
    check(functionCall.id, `${path}.functionCall.id`, 'string')
  }
  check(functionResponse, `${path}.functionResponse`, 'object')
  if (isRecord(functionResponse)) {
    if (typeof functionResponse.name !== 'string')
      throw invalidRequest(`${path}.functionResponse.name`, 'expected a string')
    check(functionResponse.id, `${path}.functionResponse.id`, 'string')
  }
  check(inlineData, `${path}.inlineData`, 'object')
  if (isRecord(inlineData)) {
    if (typeof inlineData.mimeType !== 'string')
      throw invalidRequest(`${path}.inlineData.mimeType`, 'expected a string')
    if (typeof inlineData.data !== 'string') throw invalidRequest(`${path}.inlineData.data`, 'expected a string')
  }
  check(fileData, `${path}.fileData`, 'object')
  if (isRecord(fileData)) {
    if (typeof fileData.fileUri !== 'string') throw invalidRequest(`${path}.fileData.fileUri`, 'expected a string')
    check(fileData.mimeType, `${path}.fileData.mimeType`, 'string')
  }
}

function checkContent(content: unknown, path: string): void {
  check(content, path, 'object')
  if (!isRecord(content)) throw invalidRequest(path, 'expected an object')
  check(content.role, `${path}.role`, 'string')
  for (const [index, part] of entries(content.parts, `${path}.parts`).entries())
    checkPart(part, `${path}.parts[${index}]`)
}

function checkTools(tools: unknown): void {
  for (const [index, tool] of entries(tools, 'tools').entries()) {
    const path = `tools[${index}]`
    check(tool, path, 'object')
    if (!isRecord(tool)) throw invalidRequest(path, 'expected an object')
    for (const [at, declaration] of entries(tool.functionDeclarations, `${path}.functionDeclarations`).entries()) {
      const where = `${path}.functionDeclarations[${at}]`
      if (!isRecord(declaration)) throw invalidRequest(where, 'expected an object')
      if (typeof declaration.name !== 'string' || declaration.name === '')
        throw invalidRequest(`${where}.name`, 'expected a non-empty string')
      check(declaration.description, `${where}.description`, 'string')
      check(declaration.parameters, `${where}.parameters`, 'object')
      check(declaration.parametersJsonSchema, `${where}.parametersJsonSchema`, 'object')
    }
  }
}

function checkGenerationConfig(config: unknown): void {
  check(config, 'generationConfig', 'object')
  if (!isRecord(config)) return
  for (const field of ['temperature', 'topP', 'topK', 'maxOutputTokens', 'seed', 'presencePenalty', 'frequencyPenalty'])
    check(config[field], `generationConfig.${field}`, 'number')
  for (const [index, stop] of entries(config.stopSequences, 'generationConfig.stopSequences').entries())
    check(stop, `generationConfig.stopSequences[${index}]`, 'string')
  check(config.responseMimeType, 'generationConfig.responseMimeType', 'string')
  check(config.responseSchema, 'generationConfig.responseSchema', 'object')
  check(config.responseJsonSchema, 'generationConfig.responseJsonSchema', 'object')
  const thinking = config.thinkingConfig
  check(thinking, 'generationConfig.thinkingConfig', 'object')
  if (isRecord(thinking)) {
    check(thinking.thinkingBudget, 'generationConfig.thinkingConfig.thinkingBudget', 'number')
    check(thinking.thinkingLevel, 'generationConfig.thinkingConfig.thinkingLevel', 'string')
    check(thinking.includeThoughts, 'generationConfig.thinkingConfig.includeThoughts', 'boolean')
  }
}

/**
 * A Gemini client's `generateContent` body checked where the decoder reads it, so that a malformed one
 * is the client's 400 naming the field (as Gemini itself answers), never a crash further on.
 */
export function checkRequest(body: Record<string, unknown>): void {
  if (!Array.isArray(body.contents)) throw invalidRequest('contents', 'a Gemini request needs a "contents" array')
  for (const [index, content] of body.contents.entries()) checkContent(content, `contents[${index}]`)
  if (body.systemInstruction !== undefined) checkContent(body.systemInstruction, 'systemInstruction')
  checkTools(body.tools)
  check(body.toolConfig, 'toolConfig', 'object')
  if (isRecord(body.toolConfig)) {
    const calling = body.toolConfig.functionCallingConfig
    check(calling, 'toolConfig.functionCallingConfig', 'object')
    if (isRecord(calling)) {
      check(calling.mode, 'toolConfig.functionCallingConfig.mode', 'string')
      for (const [index, name] of entries(
        calling.allowedFunctionNames,
        'toolConfig.functionCallingConfig.allowedFunctionNames',
      ).entries()) {
        check(name, `toolConfig.functionCallingConfig.allowedFunctionNames[${index}]`, 'string')
      }
    }
  }
  checkGenerationConfig(body.generationConfig)
}
