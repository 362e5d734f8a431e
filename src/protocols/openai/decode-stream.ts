import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Usage } from '../../ir/usage.ts'
import type { SseEvent } from '../sse.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, maybeCount, maybeString, parseJson } from '../shared/read-json.ts'
import { TextTemplateSlot } from '../shared/text-template.ts'
import { decodeStreamError } from './decode-error.ts'
import { decodeFinishReason } from './finish-reason.ts'
import { decodeToolArguments } from './tool-arguments.ts'
import { decodeUsage } from './usage.ts'
import type { Stepper } from '../codec.ts'

interface ToolState {
  id: string
  name: string
  args: string
}

/**
 * OpenAI chunks → IR parts (docs/protocols.md, "Answers and streams"). Per chunk: reasoning, then content,
 * then tool calls, then finish_reason. Tool calls are keyed by `index` (falling back to the array position,
 * never 0) and may interleave; they all end at the finish_reason. The `finish` part waits for `[DONE]` or
 * the end, so the usage chunk that follows the finish chunk is in it; the last non-null usage wins.
 */
export function createDecodeStream(
  generateId: (prefix: string) => string,
  drops: DropLog,
): Stepper<SseEvent, StreamPart> {
  let started = false
  let model = ''
  let open: { kind: 'text' | 'reasoning'; id: string } | undefined
  let blockCount = 0
  const tools = new Map<number, ToolState>()
  const toolsInOrder: ToolState[] = []
  let toolsEnded = false
  let finishRaw: unknown
  let sawFinish = false
  let usage: Usage | undefined
  let done = false
  // Chunks that differ from the last plain text chunk only in their text are read without JSON.parse.
  const templates = new TextTemplateSlot<'text' | 'reasoning'>()

  return {
    push(event, out) {
      if (done) return
      const emit = (part: StreamPart): void => {
        out.push(part)
      }
      if (event.data.trim() === '[DONE]') {
        // A relay's stream that ends before saying anything is a failure, not an empty answer.
        if (!sawFinish && blockCount === 0 && tools.size === 0)
          fail(
            emit,
            new GatewayError({
              kind: 'upstream',
              status: 502,
              code: 'empty_stream',
              message: 'OpenAI upstream ended the stream without any content or finish_reason',
            }),
          )
        else finish(emit)
        return
      }
      const text = templates.read(event.data)
      if (text !== undefined) {
        if (text && templates.tag) runDelta(templates.tag, text, emit)
        return
      }
      const chunk = parseJson(event.data)
      if (!isRecord(chunk)) {
        fail(
          emit,
          new GatewayError({
            kind: 'upstream',
            status: 502,
            code: 'bad_stream',
            message: 'OpenAI upstream sent an unparseable stream event',
          }),
        )
        return
      }
      if (chunk.error !== undefined) {
        fail(emit, decodeStreamError(chunk))
        return
      }
      if (!started) {
        started = true
        model = maybeString(chunk.model) ?? ''
        const created = maybeCount(chunk.created)
        emit({ type: 'start', id: maybeString(chunk.id) ?? '', model, ...(created === undefined ? {} : { created }) })
      }
      const chunkUsage = decodeUsage(chunk.usage)
      if (chunkUsage) usage = chunkUsage
      const choice = firstChoice(chunk)
      if (!choice) return
      const delta = isRecord(choice.delta) ? choice.delta : {}
      const reasoning = maybeString(delta.reasoning_content) ?? maybeString(delta.reasoning)
      if (reasoning) runDelta('reasoning', reasoning, emit)
      const content = maybeString(delta.content)
      if (content) runDelta('text', content, emit)
      const refusal = maybeString(delta.refusal)
      if (refusal) runDelta('text', refusal, emit)
      const toolCalls = Array.isArray(delta.tool_calls) ? delta.tool_calls : undefined
      if (toolCalls) toolCalls.forEach((call, position) => toolDelta(call, position, emit))
      const finished = choice.finish_reason !== null && choice.finish_reason !== undefined
      // A chunk whose only effect was its text or reasoning: the next one like it is read through its template.
      // Not the chunk that opens the message with its `role`: the chunks after it do not carry one.
      const opening = delta.role !== undefined
      if (
        !opening &&
        !refusal &&
        !toolCalls &&
        !finished &&
        !chunkUsage &&
        templates.learning &&
        Boolean(content) !== Boolean(reasoning)
      ) {
        const key = content
          ? 'content'
          : typeof delta.reasoning_content === 'string'
            ? 'reasoning_content'
            : 'reasoning'
        templates.learn(
          event.data,
          key,
          content || reasoning || '',
          (parsed) => firstDelta(parsed)?.[key],
          content ? 'text' : 'reasoning',
        )
      }
      if (finished) {
        sawFinish = true
        finishRaw = choice.finish_reason
        closeOpen(emit)
        endTools(emit)
      }
    },
    end(out) {
      const emit = (part: StreamPart): void => {
        out.push(part)
      }
      if (!done && !sawFinish) {
        fail(
          emit,
          new GatewayError({
            kind: 'upstream',
            status: 502,
            code: 'stream_truncated',
            message: 'OpenAI upstream stream ended before a finish_reason',
          }),
        )
      } else if (!done) finish(emit)
      drops.flush()
    },
  }

  function runDelta(kind: 'text' | 'reasoning', delta: string, emit: (part: StreamPart) => void): void {
    if (open?.kind !== kind) {
      closeOpen(emit)
      const id = `${kind}-${blockCount++}`
      open = { kind, id }
      emit(
        kind === 'text'
          ? { type: 'text-start', id }
          : { type: 'reasoning-start', id, origin: { protocol: 'openai', ...(model ? { model } : {}) } },
      )
    }
    emit(kind === 'text' ? { type: 'text-delta', id: open.id, delta } : { type: 'reasoning-delta', id: open.id, delta })
  }

  function closeOpen(emit: (part: StreamPart) => void): void {
    if (!open) return
    emit(open.kind === 'text' ? { type: 'text-end', id: open.id } : { type: 'reasoning-end', id: open.id })
    open = undefined
  }

  function toolDelta(value: unknown, position: number, emit: (part: StreamPart) => void): void {
    if (!isRecord(value)) return
    const key = maybeCount(value.index) ?? position
    const fn = isRecord(value.function) ? value.function : {}
    const id = maybeString(value.id)
    let tool = tools.get(key)
    if (!tool || (id !== undefined && id !== '' && id !== tool.id)) {
      closeOpen(emit)
      tool = { id: id || generateId('call_'), name: maybeString(fn.name) ?? '', args: '' }
      tools.set(key, tool)
      toolsInOrder.push(tool)
      emit({ type: 'tool-input-start', id: tool.id, name: tool.name })
    }
    const args = maybeString(fn.arguments)
    if (args) {
      tool.args += args
      emit({ type: 'tool-input-delta', id: tool.id, delta: args })
    }
  }

  function endTool(tool: ToolState, emit: (part: StreamPart) => void): void {
    emit({ type: 'tool-input-end', id: tool.id })
    emit({ type: 'tool-call', id: tool.id, name: tool.name, ...decodeToolArguments(tool.args, drops) })
  }

  function endTools(emit: (part: StreamPart) => void): void {
    if (toolsEnded) return
    toolsEnded = true
    for (const tool of toolsInOrder) endTool(tool, emit)
  }

  function finish(emit: (part: StreamPart) => void): void {
    closeOpen(emit)
    endTools(emit)
    done = true
    emit({
      type: 'finish',
      reason: decodeFinishReason(finishRaw, tools.size > 0),
      usage: usage ?? { inputTokens: 0, outputTokens: 0 },
    })
  }

  function fail(emit: (part: StreamPart) => void, error: GatewayError): void {
    done = true
    emit({ type: 'error', error })
  }
}

/** Choice 0 of a parsed chunk (the one whose delta is decoded, and where a template's hole must be). */
function firstChoice(chunk: unknown): JsonObject | undefined {
  const choices = isRecord(chunk) && Array.isArray(chunk.choices) ? chunk.choices : []
  const choice: unknown = choices.find((item: unknown) => isRecord(item) && (item.index ?? 0) === 0)
  return isRecord(choice) ? choice : undefined
}

/** The `delta` of choice 0 of a parsed chunk. */
function firstDelta(chunk: unknown): JsonObject | undefined {
  const delta = firstChoice(chunk)?.delta
  return isRecord(delta) ? delta : undefined
}
