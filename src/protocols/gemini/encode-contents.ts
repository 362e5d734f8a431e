import type { ContentBlock, ReasoningBlock, ToolCallBlock, ToolResultBlock } from '../../ir/content.ts'
import type { Message } from '../../ir/message.ts'
import type { GeminiContext } from './context.ts'
import { encodeMedia } from './encode-media.ts'
import { modelFamily } from './map-thinking.ts'
import { answerKey, thoughtKey } from './tool-call-cache.ts'
import { toolResponseObject } from './tool-response.ts'
import { untranslatable } from './untranslatable.ts'
import type { GeminiContent, GeminiPart } from './wire-types.ts'

/** Gemini's documented placeholder for a Gemini 3 function call whose real signature is unknown (docs/protocols.md pitfall 28). */
export const placeholderSignature = 'skip_thought_signature_validator'

/** Per-request facts the block encoders need. */
interface EncodeState {
  context: GeminiContext
  model: string
  /** Tool-call id → function name, from the calls earlier in this conversation. */
  callNames: Map<string, string>
  /** Ids Gemini itself gave (echoed as `functionCall.id` / `functionResponse.id`); synthesized ones are not sent. */
  nativeIds: Set<string>
}

function collectCalls(messages: Message[], context: GeminiContext): Pick<EncodeState, 'callNames' | 'nativeIds'> {
  const callNames = new Map<string, string>()
  const nativeIds = new Set<string>()
  for (const message of messages) {
    for (const block of message.content) {
      if (block.type !== 'tool_call') continue
      callNames.set(block.id, block.name)
      // The side cache knows whether Gemini gave the id; without an entry, a Gemini-made call keeps its id.
      const remembered = context.caches.calls.get(block.id)
      if (remembered ? remembered.nativeId === true : block.origin?.protocol === 'gemini') nativeIds.add(block.id)
    }
  }
  return { callNames, nativeIds }
}

/**
 * IR messages → Gemini `contents`: roles `user`/`model`, consecutive same-role turns merged, function
 * responses first in their user turn (all results of one call turn together, docs/protocols.md pitfall 24),
 * no empty parts (pitfall 27), thought signatures re-attached from the IR or the side cache.
 */
export function encodeContents(messages: Message[], model: string, context: GeminiContext): GeminiContent[] {
  const state: EncodeState = { context, model, ...collectCalls(messages, context) }
  const contents: GeminiContent[] = []
  for (const message of messages) {
    const parts =
      message.role === 'user' ? encodeUserParts(message.content, state) : encodeModelParts(message.content, state)
    if (parts.length === 0) continue
    const role = message.role === 'user' ? 'user' : 'model'
    const last = contents.at(-1)
    if (last?.role === role && last.parts) last.parts.push(...parts)
    else contents.push({ role, parts })
  }
  for (const content of contents)
    if (content.role === 'user' && content.parts) content.parts = responsesFirst(content.parts)
  return contents
}

function responsesFirst(parts: GeminiPart[]): GeminiPart[] {
  const responses = parts.filter((part) => part.functionResponse !== undefined)
  return responses.length === 0 ? parts : [...responses, ...parts.filter((part) => part.functionResponse === undefined)]
}

function encodeUserParts(blocks: ContentBlock[], state: EncodeState): GeminiPart[] {
  const responses: GeminiPart[] = []
  const resultMedia: GeminiPart[] = []
  const others: GeminiPart[] = []
  for (const block of blocks) {
    switch (block.type) {
      case 'tool_result':
        responses.push(encodeToolResult(block, state))
        for (const item of block.content) if (item.type !== 'text') resultMedia.push(encodeMedia(item))
        break
      case 'text':
        if (block.text !== '') others.push({ text: block.text })
        break
      case 'image':
      case 'document':
      case 'audio':
        others.push(encodeMedia(block))
        break
      case 'tool_call':
      case 'reasoning':
        state.context.drops.drop(`a ${block.type} block found in a user turn`)
        break
      default: {
        const unreachable: never = block
        throw new Error(`unknown content block ${JSON.stringify(unreachable)}`)
      }
    }
  }
  return [...responses, ...resultMedia, ...others]
}

function encodeToolResult(block: ToolResultBlock, state: EncodeState): GeminiPart {
  const remembered = state.context.caches.calls.get(block.callId)
  const name = state.callNames.get(block.callId) ?? block.name ?? remembered?.name
  if (!name) {
    throw untranslatable(
      `The tool result for call "${block.callId}" has no function name and no earlier call with that id is known; ` +
        'Gemini requires the name (send the assistant turn with the tool call in the history)',
    )
  }
  const functionResponse: NonNullable<GeminiPart['functionResponse']> = { name, response: toolResponseObject(block) }
  if (state.nativeIds.has(block.callId) || remembered?.nativeId === true) functionResponse.id = block.callId
  return { functionResponse }
}

function encodeModelParts(blocks: ContentBlock[], state: EncodeState): GeminiPart[] {
  const parts: GeminiPart[] = []
  let pendingSignature: string | undefined
  const push = (part: GeminiPart): void => {
    if (pendingSignature !== undefined && part.thoughtSignature === undefined) part.thoughtSignature = pendingSignature
    pendingSignature = undefined
    parts.push(part)
  }
  for (const block of blocks) {
    switch (block.type) {
      case 'text':
        if (block.text !== '') push({ text: block.text })
        break
      case 'reasoning': {
        const thought = encodeReasoning(block, state)
        if (thought?.text === '') pendingSignature = thought.thoughtSignature
        else if (thought) push(thought)
        break
      }
      case 'tool_call':
        push(encodeToolCall(block, state))
        break
      case 'image':
      case 'document':
      case 'audio':
        push(encodeMedia(block))
        break
      case 'tool_result':
        state.context.drops.drop('a tool_result block found in an assistant turn')
        break
      default: {
        const unreachable: never = block
        throw new Error(`unknown content block ${JSON.stringify(unreachable)}`)
      }
    }
  }
  const last = parts.at(-1)
  if (pendingSignature !== undefined && last && last.thoughtSignature === undefined)
    last.thoughtSignature = pendingSignature
  attachAnswerSignature(blocks, parts, state)
  attachPlaceholder(parts, state)
  return parts
}

/**
 * Gemini-made reasoning is replayed as a thought part with its signature; reasoning from elsewhere is
 * replayed only when the side cache knows its text came from Gemini (a client echoing our answer back),
 * otherwise dropped (it cannot be verified by Gemini and is not needed).
 */
function encodeReasoning(block: ReasoningBlock, state: EncodeState): GeminiPart | undefined {
  if (block.origin.protocol === 'gemini') {
    if (block.text === '' && block.signature === undefined) return undefined
    return {
      text: block.text,
      thought: true,
      ...(block.signature === undefined ? {} : { thoughtSignature: block.signature }),
    }
  }
  const signature = block.text === '' ? undefined : state.context.caches.thoughts.get(thoughtKey(block.text))
  return signature === undefined ? undefined : { text: block.text, thought: true, thoughtSignature: signature }
}

function encodeToolCall(block: ToolCallBlock, state: EncodeState): GeminiPart {
  const remembered = state.context.caches.calls.get(block.id)
  const functionCall: NonNullable<GeminiPart['functionCall']> = { name: block.name, args: block.args }
  if (state.nativeIds.has(block.id)) functionCall.id = block.id
  const own =
    block.signature !== undefined && (block.origin?.protocol ?? 'gemini') === 'gemini' ? block.signature : undefined
  const signature = own ?? remembered?.thoughtSignature
  return signature === undefined ? { functionCall } : { functionCall, thoughtSignature: signature }
}

/** The signature Gemini put on an answer's text (fixture F7's trailing empty part) goes back on the last text part. */
function attachAnswerSignature(blocks: ContentBlock[], parts: GeminiPart[], state: EncodeState): void {
  const text = blocks.map((block) => (block.type === 'text' ? block.text : '')).join('')
  if (text === '' || parts.some((part) => part.thoughtSignature !== undefined)) return
  const signature = state.context.caches.thoughts.get(answerKey(text))
  const lastText = parts.findLast((part) => part.text !== undefined && part.thought !== true)
  if (signature !== undefined && lastText) lastText.thoughtSignature = signature
}

/** Gemini 3 rejects a call turn whose first call has no signature; send the documented placeholder. */
function attachPlaceholder(parts: GeminiPart[], state: EncodeState): void {
  const calls = parts.filter((part) => part.functionCall !== undefined)
  const first = calls[0]
  if (!first || calls.some((part) => part.thoughtSignature !== undefined)) return
  if (modelFamily(state.model).usesLevel) first.thoughtSignature = placeholderSignature
}
