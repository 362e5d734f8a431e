import type { AudioBlock, DocumentBlock, ImageBlock, MediaSource } from '../../ir/content.ts'
import { untranslatable } from './untranslatable.ts'
import type { GeminiPart } from './wire-types.ts'

/** `data:<mime>;base64,<data>` → its parts. */
function parseDataUrl(url: string): { mime: string; data: string } | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url)
  return match?.[1] && match[2] !== undefined ? { mime: match[1], data: match[2] } : undefined
}

/**
 * URIs Gemini resolves itself through `fileData`: Files API resources, `gs://` objects and YouTube
 * videos. Any other URL is not fetched by the Gemini API (docs/protocols.md, "Either client → Gemini upstream").
 */
export function isGeminiFileUri(url: string): boolean {
  return (
    url.startsWith('gs://') ||
    /^https:\/\/generativelanguage\.googleapis\.com\/v1(?:beta|alpha)?\/files\//.test(url) ||
    /^https:\/\/(?:www\.|m\.)?(?:youtube\.com\/watch\?|youtu\.be\/)/.test(url)
  )
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url.slice(0, 16)
  } catch {
    return 'an unparsable URL'
  }
}

function fromSource(source: MediaSource, what: string, defaultMime: string): GeminiPart {
  switch (source.kind) {
    case 'base64':
      return { inlineData: { mimeType: source.mime, data: source.data } }
    case 'url': {
      const inline = parseDataUrl(source.url)
      if (inline) return { inlineData: { mimeType: inline.mime, data: inline.data } }
      if (isGeminiFileUri(source.url))
        return { fileData: { mimeType: source.mime ?? defaultMime, fileUri: source.url } }
      // Only the host goes in the message: a signed URL's query may hold a token.
      throw untranslatable(
        `Gemini does not fetch ${what} URLs (${hostOf(source.url)}); send the ${what} inline as a base64 data URL, ` +
          'or use a Files API, gs:// or YouTube URI',
      )
    }
    case 'file':
      if (source.origin.protocol === 'gemini') {
        return { fileData: { mimeType: source.mime ?? defaultMime, fileUri: source.fileId } }
      }
      throw untranslatable(`A ${source.origin.protocol} file id cannot be sent to Gemini; send the ${what} inline`)
    default: {
      const unreachable: never = source
      throw new Error(`unknown media source ${JSON.stringify(unreachable)}`)
    }
  }
}

/**
 * An image, document or audio block → one Gemini part: inline bytes as `inlineData`, data URLs decoded,
 * Gemini-resolvable URIs as `fileData`; other URLs are refused (never silently dropped). Text documents
 * become text parts.
 */
export function encodeMedia(block: ImageBlock | DocumentBlock | AudioBlock): GeminiPart {
  switch (block.type) {
    case 'image':
      return fromSource(block.source, 'image', 'image/jpeg')
    case 'audio':
      return { inlineData: { mimeType: block.mime, data: block.data } }
    case 'document':
      if (block.source.kind === 'text') {
        const title = block.title ?? block.filename
        return { text: title ? `${title}\n\n${block.source.text}` : block.source.text }
      }
      return fromSource(block.source, 'document', 'application/pdf')
    default: {
      const unreachable: never = block
      throw new Error(`unknown media block ${JSON.stringify(unreachable)}`)
    }
  }
}
