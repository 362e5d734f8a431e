import type { ContentBlock, DocumentBlock, ImageBlock, TextBlock, ToolResultBlock } from '../../ir/content.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { Message } from '../../ir/message.ts'
import { formatDataUrl } from '../shared/data-url.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { invalidRequest } from '../shared/read-json.ts'

/** Options of {@link encodeMessages}. */
export interface EncodeMessagesOptions {
  /** Send assistant reasoning back as `reasoning_content` (DeepSeek-style upstreams want it). */
  sendReasoningContent: boolean
}

/**
 * Encodes IR system text and turns as OpenAI messages: one system message (blocks joined), tool results
 * as `tool` messages placed before the rest of their user turn, assistant text as a string.
 */
export function encodeMessages(
  system: TextBlock[] | undefined,
  messages: Message[],
  options: EncodeMessagesOptions,
  drops: DropLog,
): JsonObject[] {
  const output: JsonObject[] = []
  const systemText = (system ?? []).map((block) => block.text).join('\n\n')
  if (system?.some((block) => block.cacheControl)) drops.drop('cache_control')
  if (systemText !== '') output.push({ role: 'system', content: systemText })
  for (const message of messages) {
    if (message.role === 'assistant') output.push(encodeAssistant(message.content, options, drops))
    else output.push(...encodeUser(message, drops))
  }
  return output
}

function encodeUser(message: Message, drops: DropLog): JsonObject[] {
  const output: JsonObject[] = []
  const parts: JsonObject[] = []
  for (const block of message.content) {
    if (block.type === 'tool_result') {
      const { tool, images } = encodeToolResult(block, drops)
      output.push(tool)
      parts.push(...images)
    } else {
      const part = encodeUserPart(block, drops)
      if (part) parts.push(part)
    }
  }
  if (parts.length === 0) return output
  const only = parts[0]
  if (message.stringContent && parts.length === 1 && only?.type === 'text')
    output.push({ role: 'user', content: only.text })
  else output.push({ role: 'user', content: parts })
  return output
}

function encodeUserPart(block: ContentBlock, drops: DropLog): JsonObject | undefined {
  if ('cacheControl' in block && block.cacheControl) drops.drop('cache_control')
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text }
    case 'image':
      return encodeImage(block)
    case 'document':
      return encodeDocument(block)
    case 'audio': {
      const format =
        block.mime === 'audio/mpeg' || block.mime === 'audio/mp3' ? 'mp3' : block.mime.replace(/^audio\//, '')
      return { type: 'input_audio', input_audio: { data: block.data, format } }
    }
    case 'reasoning':
    case 'tool_call':
      drops.drop(`${block.type} block in a user turn`)
      return undefined
    case 'tool_result':
      return undefined
    default: {
      const unreachable: never = block
      throw new Error(`unknown block ${JSON.stringify(unreachable)}`)
    }
  }
}

function encodeImage(block: ImageBlock): JsonObject {
  const source = block.source
  if (source.kind === 'file' && source.origin.protocol !== 'openai') {
    throw invalidRequest(
      '',
      'an image given as a provider file id cannot be sent to an OpenAI-protocol upstream; send it inline',
    )
  }
  const url =
    source.kind === 'base64'
      ? formatDataUrl(source.mime, source.data)
      : source.kind === 'url'
        ? source.url
        : source.fileId
  return { type: 'image_url', image_url: { url, ...(block.detail ? { detail: block.detail } : {}) } }
}

function encodeDocument(block: DocumentBlock): JsonObject {
  const source = block.source
  switch (source.kind) {
    case 'text':
      return { type: 'text', text: block.title ? `${block.title}\n\n${source.text}` : source.text }
    case 'base64':
      return {
        type: 'file',
        file: {
          filename: block.filename ?? defaultFilename(source.mime),
          file_data: formatDataUrl(source.mime, source.data),
        },
      }
    case 'file':
      if (source.origin.protocol === 'openai') return { type: 'file', file: { file_id: source.fileId } }
      throw invalidRequest(
        '',
        'a document given as a provider file id cannot be sent to an OpenAI-protocol upstream; send it inline',
      )
    case 'url':
      throw invalidRequest(
        '',
        'a document given by URL cannot be sent to an OpenAI-protocol upstream; send it inline (base64)',
      )
    default: {
      const unreachable: never = source
      throw new Error(`unknown document source ${JSON.stringify(unreachable)}`)
    }
  }
}

function defaultFilename(mime: string): string {
  return mime === 'application/pdf' ? 'document.pdf' : 'document'
}

function encodeToolResult(block: ToolResultBlock, drops: DropLog): { tool: JsonObject; images: JsonObject[] } {
  const texts: string[] = []
  const images: JsonObject[] = []
  for (const part of block.content) {
    if (part.type === 'text') texts.push(part.text)
    else {
      // Tool messages cannot hold media: it follows in the next user message.
      drops.drop('media inside a tool result (moved to the next user message)')
      images.push(part.type === 'image' ? encodeImage(part) : encodeDocument(part))
    }
  }
  const text = texts.join('\n')
  return {
    tool: { role: 'tool', tool_call_id: block.callId, content: block.isError ? `[error] ${text}` : text },
    images,
  }
}

function encodeAssistant(content: ContentBlock[], options: EncodeMessagesOptions, drops: DropLog): JsonObject {
  const texts: string[] = []
  const reasoning: string[] = []
  const toolCalls: JsonObject[] = []
  for (const block of content) {
    switch (block.type) {
      case 'text':
        texts.push(block.text)
        break
      case 'tool_call':
        toolCalls.push({
          id: block.id,
          type: 'function',
          function: { name: block.name, arguments: block.rawArgs ?? JSON.stringify(block.args) },
        })
        break
      case 'reasoning':
        if (options.sendReasoningContent && block.text !== '') reasoning.push(block.text)
        else drops.drop('reasoning in assistant history')
        break
      default:
        drops.drop(`${block.type} block in an assistant turn`)
    }
  }
  const message: JsonObject = {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : toolCalls.length > 0 ? null : '',
  }
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('')
  if (toolCalls.length > 0) message.tool_calls = toolCalls
  return message
}
