import { GatewayError } from '../../ir/errors.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { Origin } from '../../ir/origin.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Usage } from '../../ir/usage.ts'
import type { SseEvent, Stepper } from '../codec.ts'
import type { DropLog } from '../shared/drop-log.ts'
import { isRecord, maybeCount, maybeString, parseJson } from '../shared/read-json.ts'
import { decodeToolArguments } from '../openai/tool-arguments.ts'
import { decodeStreamError } from '../openai/decode-error.ts'
import { failedError, reasoningBlock } from './decode-response.ts'
import { decodeFinishReason } from './finish-reason.ts'
import type { ToolNames } from './tool-names.ts'
import { decodeUsage } from './usage.ts'

interface ToolState {
  callId: string
  name: string
  args: string
  custom: boolean
}

/**
 * Responses events → IR parts. Text and reasoning runs are keyed by their item; a reasoning item's
 * summary parts join with a blank line; a function call is a tool-input run from its `output_item.added`
 * to its `output_item.done`, which also gives a reasoning item its encrypted content (the signature).
 * `response.completed` / `response.incomplete` finish with usage; `response.failed` and `error` are
 * errors; a stream that ends before any of them is truncated.
 */
export function createDecodeStream(tools: ToolNames, drops: DropLog): Stepper<SseEvent, StreamPart> {
  let started = false
  let model = ''
  let done = false
  let open: { kind: 'text' | 'reasoning'; itemId: string; id: string; wrote: boolean; summaryIndex: number } | undefined
  let blockCount = 0
  const calls = new Map<string, ToolState>()
  let sawCall = false
  // Messages whose text has been streamed (their `done` repeats it).
  const textItems = new Set<string>()

  return {
    push(event, out) {
      if (done) return
      const data = parseJson(event.data)
      if (!isRecord(data)) {
        fail(
          out,
          new GatewayError({
            kind: 'upstream',
            status: 502,
            code: 'bad_stream',
            message: 'Responses upstream sent an unparseable stream event',
          }),
        )
        return
      }
      const type = maybeString(data.type) ?? event.event ?? ''
      const response = isRecord(data.response) ? data.response : undefined
      if (!started && response) start(out, response)
      switch (type) {
        case 'response.output_item.added': {
          const item = isRecord(data.item) ? data.item : {}
          if (item.type === 'function_call' || item.type === 'custom_tool_call') openCall(out, item)
          return
        }
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          run(out, 'text', maybeString(data.item_id) ?? '', maybeString(data.delta) ?? '', 0)
          return
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          run(
            out,
            'reasoning',
            maybeString(data.item_id) ?? '',
            maybeString(data.delta) ?? '',
            maybeCount(data.summary_index) ?? maybeCount(data.content_index) ?? 0,
          )
          return
        case 'response.function_call_arguments.delta':
        case 'response.custom_tool_call_input.delta': {
          const call = callOf(data.item_id)
          const delta = maybeString(data.delta) ?? ''
          if (!call || delta === '') return
          call.args += delta
          // A custom tool's input becomes the `input` member of the IR's arguments, sent whole at its end.
          if (!call.custom) out.push({ type: 'tool-input-delta', id: call.callId, delta })
          return
        }
        case 'response.output_item.done':
          itemDone(out, isRecord(data.item) ? data.item : {})
          return
        case 'response.completed':
        case 'response.incomplete': {
          closeOpen(out)
          for (const [itemId, call] of calls) endCall(out, itemId, call, undefined)
          done = true
          const body = response ?? {}
          out.push({
            type: 'finish',
            reason: decodeFinishReason(
              body.status ?? (type === 'response.incomplete' ? 'incomplete' : 'completed'),
              body.incomplete_details,
              sawCall,
            ),
            usage: decodeUsage(body.usage) ?? zeroUsage(),
          })
          return
        }
        case 'response.failed':
          fail(out, failedError(response?.error))
          return
        case 'error':
          fail(out, decodeStreamError(isRecord(data.error) ? data : { error: data }))
          return
        default:
          return
      }
    },
    end(out) {
      if (!done)
        fail(
          out,
          new GatewayError({
            kind: 'upstream',
            status: 502,
            code: 'stream_truncated',
            message: 'Responses upstream stream ended before response.completed',
          }),
        )
      drops.flush()
    },
  }

  function start(out: StreamPart[], response: JsonObject): void {
    started = true
    model = maybeString(response.model) ?? ''
    const created = maybeCount(response.created_at)
    out.push({
      type: 'start',
      id: maybeString(response.id) ?? '',
      model,
      ...(created === undefined ? {} : { created }),
    })
  }

  function run(
    out: StreamPart[],
    kind: 'text' | 'reasoning',
    itemId: string,
    delta: string,
    summaryIndex: number,
  ): void {
    if (delta === '') return
    if (kind === 'text') textItems.add(itemId)
    if (!open || open.kind !== kind || open.itemId !== itemId) {
      closeOpen(out)
      const id = `${kind}-${blockCount++}`
      open = { kind, itemId, id, wrote: false, summaryIndex }
      out.push(
        kind === 'text'
          ? { type: 'text-start', id }
          : { type: 'reasoning-start', id, origin: { protocol: 'openai-responses', ...(model ? { model } : {}) } },
      )
    }
    if (kind === 'reasoning' && open.wrote && summaryIndex !== open.summaryIndex)
      out.push({ type: 'reasoning-delta', id: open.id, delta: '\n\n' })
    open.summaryIndex = summaryIndex
    open.wrote = true
    out.push(
      kind === 'text' ? { type: 'text-delta', id: open.id, delta } : { type: 'reasoning-delta', id: open.id, delta },
    )
  }

  function closeOpen(out: StreamPart[], seal?: { signature?: string; origin: Origin }): void {
    if (!open) return
    const signed =
      seal?.signature === undefined
        ? {}
        : { signature: seal.signature, ...(seal.origin.protocol === 'openai-responses' ? {} : { origin: seal.origin }) }
    out.push(
      open.kind === 'text' ? { type: 'text-end', id: open.id } : { type: 'reasoning-end', id: open.id, ...signed },
    )
    open = undefined
  }

  function openCall(out: StreamPart[], item: JsonObject): void {
    closeOpen(out)
    const custom = item.type === 'custom_tool_call'
    const namespace = maybeString(item.namespace)
    const name = tools.declare({
      name: maybeString(item.name) ?? '',
      ...(namespace === undefined ? {} : { namespace }),
      ...(custom ? { custom } : {}),
    })
    const call: ToolState = { callId: maybeString(item.call_id) ?? maybeString(item.id) ?? '', name, args: '', custom }
    calls.set(maybeString(item.id) ?? call.callId, call)
    sawCall = true
    out.push({ type: 'tool-input-start', id: call.callId, name })
  }

  function callOf(itemId: unknown): ToolState | undefined {
    return typeof itemId === 'string' ? calls.get(itemId) : undefined
  }

  function itemDone(out: StreamPart[], item: JsonObject): void {
    const itemId = maybeString(item.id) ?? ''
    if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      let call = calls.get(itemId)
      if (!call) {
        openCall(out, item)
        call = calls.get(itemId)
      }
      if (call) endCall(out, itemId, call, item)
      return
    }
    if (item.type === 'reasoning') {
      const block = reasoningBlock(item, model)
      if (block.type !== 'reasoning') return
      if (open?.kind === 'reasoning' && open.itemId === itemId) {
        closeOpen(out, block)
        return
      }
      // A reasoning item with no streamed text (encrypted only, or its summary given whole).
      if (block.text === '' && block.signature === undefined && block.redactedData === undefined) return
      closeOpen(out)
      const id = `reasoning-${blockCount++}`
      out.push({
        type: 'reasoning-start',
        id,
        origin: block.origin,
        ...(block.redactedData === undefined ? {} : { redactedData: block.redactedData }),
      })
      if (block.text !== '') out.push({ type: 'reasoning-delta', id, delta: block.text })
      out.push({ type: 'reasoning-end', id, ...(block.signature === undefined ? {} : { signature: block.signature }) })
      return
    }
    if (item.type !== 'message') return
    if (open?.kind === 'text' && open.itemId === itemId) closeOpen(out)
    else if (!textItems.has(itemId)) {
      // A message whose text came whole in its `done` only.
      const content = Array.isArray(item.content) ? item.content : []
      const text = content
        .map((part) => (isRecord(part) ? (maybeString(part.text) ?? maybeString(part.refusal) ?? '') : ''))
        .join('')
      run(out, 'text', itemId, text, 0)
      closeOpen(out)
    }
  }

  function endCall(out: StreamPart[], itemId: string, call: ToolState, item: JsonObject | undefined): void {
    calls.delete(itemId)
    const whole = call.custom ? maybeString(item?.input) : maybeString(item?.arguments)
    if (call.custom) {
      const input = whole ?? call.args
      const rawArgs = JSON.stringify({ input })
      out.push({ type: 'tool-input-delta', id: call.callId, delta: rawArgs })
      out.push({ type: 'tool-input-end', id: call.callId })
      out.push({ type: 'tool-call', id: call.callId, name: call.name, args: { input }, rawArgs })
      return
    }
    if (whole !== undefined && call.args === '' && whole !== '') {
      call.args = whole
      out.push({ type: 'tool-input-delta', id: call.callId, delta: whole })
    }
    out.push({ type: 'tool-input-end', id: call.callId })
    out.push({ type: 'tool-call', id: call.callId, name: call.name, ...decodeToolArguments(whole ?? call.args, drops) })
  }

  function fail(out: StreamPart[], error: GatewayError): void {
    done = true
    out.push({ type: 'error', error })
  }
}

function zeroUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0 }
}
