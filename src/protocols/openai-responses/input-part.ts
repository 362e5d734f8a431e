import type { DocumentBlock, ImageBlock, TextBlock, ToolResultContent } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { formatDataUrl, parseDataUrl } from '../shared/data-url.ts'
import { expectRecord, expectString, invalidRequest, optionalString } from '../shared/read-json.ts'

/** A content block a Responses input part can be. */
export type InputPartBlock = TextBlock | ImageBlock | DocumentBlock

/** Decodes one input part (`input_text`, `output_text`, `refusal`, `input_image`, `input_file`). */
export function decodeInputPart(value: unknown, path: string): InputPartBlock {
  const part = expectRecord(value, path)
  switch (part.type) {
    case 'input_text':
    case 'output_text':
    case 'text':
      return { type: 'text', text: expectString(part.text, `${path}.text`) }
    case 'refusal':
      return { type: 'text', text: expectString(part.refusal, `${path}.refusal`) }
    case 'input_image':
      return decodeImage(part, path)
    case 'input_file':
      return decodeFile(part, path)
    default:
      throw invalidRequest(`${path}.type`, `unsupported content part type ${JSON.stringify(part.type)}`)
  }
}

function decodeImage(part: JsonObject, path: string): ImageBlock {
  const url = optionalString(part.image_url, `${path}.image_url`)
  const fileId = optionalString(part.file_id, `${path}.file_id`)
  let block: ImageBlock
  if (url !== undefined) {
    const inline = parseDataUrl(url)
    block = {
      type: 'image',
      source: inline ? { kind: 'base64', mime: inline.mime, data: inline.data } : { kind: 'url', url },
    }
  } else if (fileId !== undefined) {
    block = { type: 'image', source: { kind: 'file', fileId, origin: { protocol: 'openai-responses' } } }
  } else {
    throw invalidRequest(path, 'an input_image needs image_url or file_id')
  }
  const detail = part.detail
  if (detail === 'auto' || detail === 'low' || detail === 'high') block.detail = detail
  return block
}

function decodeFile(part: JsonObject, path: string): DocumentBlock {
  const fileData = optionalString(part.file_data, `${path}.file_data`)
  const fileId = optionalString(part.file_id, `${path}.file_id`)
  const fileUrl = optionalString(part.file_url, `${path}.file_url`)
  let block: DocumentBlock
  if (fileData !== undefined) {
    const inline = parseDataUrl(fileData)
    if (!inline) throw invalidRequest(`${path}.file_data`, 'expected a base64 data URL')
    block = { type: 'document', source: { kind: 'base64', mime: inline.mime, data: inline.data } }
  } else if (fileId !== undefined) {
    block = { type: 'document', source: { kind: 'file', fileId, origin: { protocol: 'openai-responses' } } }
  } else if (fileUrl !== undefined) {
    block = { type: 'document', source: { kind: 'url', url: fileUrl } }
  } else {
    throw invalidRequest(path, 'an input_file needs file_data, file_id or file_url')
  }
  const filename = optionalString(part.filename, `${path}.filename`)
  if (filename !== undefined) block.filename = filename
  return block
}

/** An IR user block as a Responses input part, or undefined (dropped, logged) when it has none. */
export function encodeInputPart(block: ToolResultContent, drops: DropLog): JsonObject | undefined {
  if (block.cacheControl) drops.drop('cache_control')
  switch (block.type) {
    case 'text':
      return { type: 'input_text', text: block.text }
    case 'image': {
      const source = block.source
      const detail = block.detail ?? 'auto'
      if (source.kind === 'base64')
        return { type: 'input_image', image_url: formatDataUrl(source.mime, source.data), detail }
      if (source.kind === 'url') return { type: 'input_image', image_url: source.url, detail }
      if (isOpenAIFile(source.origin.protocol)) return { type: 'input_image', file_id: source.fileId, detail }
      drops.drop(`${source.origin.protocol} file id`)
      return undefined
    }
    case 'document': {
      const source = block.source
      const named = block.filename ?? block.title
      const filename = named === undefined ? {} : { filename: named }
      if (source.kind === 'text') return { type: 'input_text', text: source.text }
      if (source.kind === 'base64')
        return {
          type: 'input_file',
          file_data: formatDataUrl(source.mime, source.data),
          ...(named === undefined ? { filename: 'document' } : filename),
        }
      if (source.kind === 'url') return { type: 'input_file', file_url: source.url, ...filename }
      if (isOpenAIFile(source.origin.protocol)) return { type: 'input_file', file_id: source.fileId, ...filename }
      drops.drop(`${source.origin.protocol} file id`)
      return undefined
    }
    default: {
      const unreachable: never = block
      throw new Error(`unknown input block ${JSON.stringify(unreachable)}`)
    }
  }
}

/** OpenAI file ids are the same whichever of OpenAI's two APIs made them. */
function isOpenAIFile(protocol: string): boolean {
  return protocol === 'openai' || protocol === 'openai-responses'
}
