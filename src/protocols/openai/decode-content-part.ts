import type { AudioBlock, DocumentBlock, ImageBlock, TextBlock } from '../../ir/content.ts'
import { parseDataUrl } from '../shared/data-url.ts'
import { expectRecord, expectString, invalidRequest, optionalString } from '../shared/read-json.ts'

/** A user content part of an OpenAI message, as IR. */
export type UserPartBlock = TextBlock | ImageBlock | DocumentBlock | AudioBlock

/** Decodes one OpenAI content part (`text`, `image_url`, `input_audio`, `file`). */
export function decodeContentPart(value: unknown, path: string): UserPartBlock {
  const part = expectRecord(value, path)
  switch (part.type) {
    case 'text':
      return { type: 'text', text: expectString(part.text, `${path}.text`) }
    case 'image_url': {
      const image = expectRecord(part.image_url, `${path}.image_url`)
      const url = expectString(image.url, `${path}.image_url.url`)
      const detail = optionalString(image.detail, `${path}.image_url.detail`)
      const inline = parseDataUrl(url)
      const block: ImageBlock = {
        type: 'image',
        source: inline ? { kind: 'base64', mime: inline.mime, data: inline.data } : { kind: 'url', url },
      }
      if (detail === 'auto' || detail === 'low' || detail === 'high') block.detail = detail
      return block
    }
    case 'input_audio': {
      const audio = expectRecord(part.input_audio, `${path}.input_audio`)
      const format = expectString(audio.format, `${path}.input_audio.format`)
      return {
        type: 'audio',
        mime: format === 'mp3' ? 'audio/mpeg' : `audio/${format}`,
        data: expectString(audio.data, `${path}.input_audio.data`),
      }
    }
    case 'file':
      return decodeFilePart(expectRecord(part.file, `${path}.file`), `${path}.file`)
    default:
      throw invalidRequest(`${path}.type`, `unsupported content part type ${JSON.stringify(part.type)}`)
  }
}

function decodeFilePart(file: Record<string, unknown>, path: string): DocumentBlock {
  const filename = optionalString(file.filename, `${path}.filename`)
  const fileData = optionalString(file.file_data, `${path}.file_data`)
  const fileId = optionalString(file.file_id, `${path}.file_id`)
  let block: DocumentBlock
  if (fileData !== undefined) {
    const inline = parseDataUrl(fileData)
    if (!inline) throw invalidRequest(`${path}.file_data`, 'expected a base64 data URL')
    block = { type: 'document', source: { kind: 'base64', mime: inline.mime, data: inline.data } }
  } else if (fileId !== undefined) {
    block = { type: 'document', source: { kind: 'file', fileId, origin: { protocol: 'openai' } } }
  } else {
    throw invalidRequest(path, 'a file part needs file_data or file_id')
  }
  if (filename !== undefined) block.filename = filename
  return block
}
