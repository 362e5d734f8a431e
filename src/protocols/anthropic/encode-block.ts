import type { CacheControl, ContentBlock, DocumentBlock, ImageBlock, ToolResultBlock } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { invalidRequest } from '../shared/read-json.ts'

function withCache(block: JsonObject, cacheControl: CacheControl | undefined): JsonObject {
  if (cacheControl) block.cache_control = { ...cacheControl }
  return block
}

/**
 * Encodes one IR block as an Anthropic request block; undefined when it must be left out: empty text
 * (docs/protocols.md pitfall 31), reasoning that Anthropic did not sign (pitfall 35: a foreign or missing
 * signature is rejected). Audio and foreign file ids cannot be expressed: a 400, since dropping would
 * change the ask.
 */
export function encodeBlock(block: ContentBlock, drops: DropLog): JsonObject | undefined {
  switch (block.type) {
    case 'text':
      return block.text === '' ? undefined : withCache({ type: 'text', text: block.text }, block.cacheControl)
    case 'image':
      return encodeImage(block)
    case 'document':
      return encodeDocument(block)
    case 'audio':
      throw invalidRequest('', 'audio input cannot be sent to an Anthropic-protocol upstream')
    case 'tool_call':
      return withCache({ type: 'tool_use', id: block.id, name: block.name, input: block.args }, block.cacheControl)
    case 'tool_result':
      return encodeToolResult(block)
    case 'reasoning':
      if (block.origin.protocol !== 'anthropic') {
        drops.drop(`${block.origin.protocol} reasoning in history`)
        return undefined
      }
      if (block.redactedData !== undefined) return { type: 'redacted_thinking', data: block.redactedData }
      if (block.signature === undefined) {
        drops.drop('unsigned thinking in history')
        return undefined
      }
      return { type: 'thinking', thinking: block.text, signature: block.signature }
    default: {
      const unreachable: never = block
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`)
    }
  }
}

function encodeImage(block: ImageBlock): JsonObject {
  const source = block.source
  switch (source.kind) {
    case 'base64':
      return withCache(
        { type: 'image', source: { type: 'base64', media_type: source.mime, data: source.data } },
        block.cacheControl,
      )
    case 'url':
      return withCache({ type: 'image', source: { type: 'url', url: source.url } }, block.cacheControl)
    case 'file':
      if (source.origin.protocol !== 'anthropic')
        throw invalidRequest(
          '',
          'an image given as a provider file id cannot be sent to an Anthropic-protocol upstream; send it inline',
        )
      return withCache({ type: 'image', source: { type: 'file', file_id: source.fileId } }, block.cacheControl)
    default: {
      const unreachable: never = source
      throw new Error(`unknown image source ${JSON.stringify(unreachable)}`)
    }
  }
}

function encodeDocument(block: DocumentBlock): JsonObject {
  const source = block.source
  let encoded: JsonObject
  switch (source.kind) {
    case 'base64':
      encoded = { type: 'base64', media_type: source.mime, data: source.data }
      break
    case 'text':
      encoded = { type: 'text', media_type: 'text/plain', data: source.text }
      break
    case 'url':
      encoded = { type: 'url', url: source.url }
      break
    case 'file':
      if (source.origin.protocol !== 'anthropic')
        throw invalidRequest(
          '',
          'a document given as a provider file id cannot be sent to an Anthropic-protocol upstream; send it inline',
        )
      encoded = { type: 'file', file_id: source.fileId }
      break
    default: {
      const unreachable: never = source
      throw new Error(`unknown document source ${JSON.stringify(unreachable)}`)
    }
  }
  const document: JsonObject = { type: 'document', source: encoded }
  if (block.title !== undefined) document.title = block.title
  return withCache(document, block.cacheControl)
}

function encodeToolResult(block: ToolResultBlock): JsonObject {
  const result: JsonObject = { type: 'tool_result', tool_use_id: block.callId }
  const content = block.content.filter((part) => part.type !== 'text' || part.text !== '')
  const only = content[0]
  if (content.length === 1 && only?.type === 'text' && !only.cacheControl) result.content = only.text
  else if (content.length > 0) {
    result.content = content.map((part) => {
      if (part.type === 'text') return withCache({ type: 'text', text: part.text }, part.cacheControl)
      return part.type === 'image' ? encodeImage(part) : encodeDocument(part)
    })
  }
  if (block.isError) result.is_error = true
  return withCache(result, block.cacheControl)
}
