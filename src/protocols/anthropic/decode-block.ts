import type {
  CacheControl,
  ContentBlock,
  DocumentBlock,
  ImageBlock,
  TextBlock,
  ToolCallBlock,
  ToolResultBlock,
  ToolResultContent,
} from '../../ir/content.ts'
import type { DropLog } from '../shared/drop-log.ts'
import {
  expectArray,
  expectRecord,
  expectString,
  invalidRequest,
  isRecord,
  optionalBoolean,
  optionalString,
} from '../shared/read-json.ts'

/** Decodes an Anthropic `cache_control` (undefined when absent). */
export function decodeCacheControl(value: unknown): CacheControl | undefined {
  if (!isRecord(value) || value.type !== 'ephemeral') return undefined
  return value.ttl === '5m' || value.ttl === '1h' ? { type: 'ephemeral', ttl: value.ttl } : { type: 'ephemeral' }
}

function withCache<T extends { cacheControl?: CacheControl }>(block: T, value: Record<string, unknown>): T {
  const cacheControl = decodeCacheControl(value.cache_control)
  if (cacheControl) block.cacheControl = cacheControl
  return block
}

/** Decodes a `text` block. */
export function decodeText(value: Record<string, unknown>, path: string): TextBlock {
  return withCache<TextBlock>({ type: 'text', text: expectString(value.text, `${path}.text`) }, value)
}

/**
 * Decodes one Anthropic request content block. `callNames` maps earlier tool_use ids to names so a
 * tool_result can carry its tool's name. Server-tool blocks cannot be expressed and are dropped (logged).
 */
export function decodeBlock(
  value: unknown,
  path: string,
  callNames: Map<string, string>,
  drops: DropLog,
): ContentBlock | undefined {
  const block = expectRecord(value, path)
  switch (block.type) {
    case 'text':
      return decodeText(block, path)
    case 'image':
      return decodeImage(block, path)
    case 'document':
      return decodeDocument(block, path)
    case 'tool_use': {
      const id = expectString(block.id, `${path}.id`)
      const name = expectString(block.name, `${path}.name`)
      callNames.set(id, name)
      return withCache<ToolCallBlock>(
        { type: 'tool_call', id, name, args: isRecord(block.input) ? block.input : {} },
        block,
      )
    }
    case 'tool_result': {
      const callId = expectString(block.tool_use_id, `${path}.tool_use_id`)
      const name = callNames.get(callId)
      return withCache<ToolResultBlock>(
        {
          type: 'tool_result',
          callId,
          ...(name === undefined ? {} : { name }),
          content: decodeToolResultContent(block.content, `${path}.content`),
          isError: optionalBoolean(block.is_error, `${path}.is_error`) ?? false,
        },
        block,
      )
    }
    case 'thinking': {
      const signature = optionalString(block.signature, `${path}.signature`)
      return {
        type: 'reasoning',
        text: expectString(block.thinking, `${path}.thinking`),
        ...(signature ? { signature } : {}),
        origin: { protocol: 'anthropic' },
      }
    }
    case 'redacted_thinking':
      return {
        type: 'reasoning',
        text: '',
        redactedData: expectString(block.data, `${path}.data`),
        origin: { protocol: 'anthropic' },
      }
    default:
      drops.drop(`${String(block.type)} block`)
      return undefined
  }
}

function decodeToolResultContent(value: unknown, path: string): ToolResultContent[] {
  if (value === undefined || value === null) return []
  if (typeof value === 'string') return [{ type: 'text', text: value }]
  return expectArray(value, path).map((item, index) => {
    const itemPath = `${path}[${index}]`
    const block = expectRecord(item, itemPath)
    if (block.type === 'text') return decodeText(block, itemPath)
    if (block.type === 'image') return decodeImage(block, itemPath)
    if (block.type === 'document') return decodeDocument(block, itemPath)
    throw invalidRequest(`${itemPath}.type`, `unsupported tool_result content type ${JSON.stringify(block.type)}`)
  })
}

function decodeImage(block: Record<string, unknown>, path: string): ImageBlock {
  const source = expectRecord(block.source, `${path}.source`)
  switch (source.type) {
    case 'base64':
      return withCache<ImageBlock>(
        {
          type: 'image',
          source: {
            kind: 'base64',
            mime: expectString(source.media_type, `${path}.source.media_type`),
            data: expectString(source.data, `${path}.source.data`),
          },
        },
        block,
      )
    case 'url':
      return withCache<ImageBlock>(
        { type: 'image', source: { kind: 'url', url: expectString(source.url, `${path}.source.url`) } },
        block,
      )
    case 'file':
      return withCache<ImageBlock>(
        {
          type: 'image',
          source: {
            kind: 'file',
            fileId: expectString(source.file_id, `${path}.source.file_id`),
            origin: { protocol: 'anthropic' },
          },
        },
        block,
      )
    default:
      throw invalidRequest(`${path}.source.type`, `unsupported image source ${JSON.stringify(source.type)}`)
  }
}

function decodeDocument(block: Record<string, unknown>, path: string): DocumentBlock {
  const source = expectRecord(block.source, `${path}.source`)
  const sourcePath = `${path}.source`
  let result: DocumentBlock
  switch (source.type) {
    case 'base64':
      result = {
        type: 'document',
        source: {
          kind: 'base64',
          mime: expectString(source.media_type, `${sourcePath}.media_type`),
          data: expectString(source.data, `${sourcePath}.data`),
        },
      }
      break
    case 'text':
      result = {
        type: 'document',
        source: {
          kind: 'text',
          text: expectString(source.data, `${sourcePath}.data`),
          mime: optionalString(source.media_type, `${sourcePath}.media_type`) ?? 'text/plain',
        },
      }
      break
    case 'url':
      result = { type: 'document', source: { kind: 'url', url: expectString(source.url, `${sourcePath}.url`) } }
      break
    case 'file':
      result = {
        type: 'document',
        source: {
          kind: 'file',
          fileId: expectString(source.file_id, `${sourcePath}.file_id`),
          origin: { protocol: 'anthropic' },
        },
      }
      break
    case 'content': {
      // A document made of blocks: its text is what a non-Anthropic model can use.
      const parts =
        typeof source.content === 'string'
          ? [source.content]
          : expectArray(source.content, `${sourcePath}.content`).flatMap((item) =>
              isRecord(item) && typeof item.text === 'string' ? [item.text] : [],
            )
      result = { type: 'document', source: { kind: 'text', text: parts.join('\n') } }
      break
    }
    default:
      throw invalidRequest(`${sourcePath}.type`, `unsupported document source ${JSON.stringify(source.type)}`)
  }
  const title = optionalString(block.title, `${path}.title`)
  if (title !== undefined) result.title = title
  return withCache(result, block)
}
