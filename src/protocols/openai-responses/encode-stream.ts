import type { Origin } from '../../ir/origin.ts'
import type { JsonObject } from '../../ir/json.ts'
import type { StreamPart } from '../../ir/stream-part.ts'
import type { Stepper } from '../codec.ts'
import { sseEncode } from '../sse.ts'
import { encodeStreamError } from './encode-error.ts'
import { responseObject } from './encode-response.ts'
import { encodeFinishReason } from './finish-reason.ts'
import { callItem, outputText, reasoningItem } from './output-item.ts'
import { responseId } from './response-id.ts'
import type { ItemMemory } from './item-memory.ts'
import type { ToolNames } from './tool-names.ts'
import { encodeUsage } from './usage.ts'

/** Options of {@link createEncodeStream}. */
export interface EncodeStreamOptions {
  model: string
  nowSeconds: () => number
  generateId: (prefix: string) => string
  tools: ToolNames
  memory: ItemMemory
}

interface TextRun {
  itemId: string
  outputIndex: number
  text: string
}

interface ReasoningRun extends TextRun {
  origin: Origin
  redactedData?: string
  summaryOpen: boolean
}

interface ToolRun {
  itemId: string
  outputIndex: number
  name: string
  args: string
  custom: boolean
}

/**
 * IR parts → the Responses event stream (docs/protocols.md, "OpenAI Responses"): `response.created` and
 * `response.in_progress`; per item `output_item.added` … `output_item.done` (Codex reads the text and
 * the calls it runs only from the latter), a message's `content_part.added` before its first text delta
 * (the OpenAI SDK's `responses.stream()` needs it), function-call argument deltas, reasoning as summary
 * events; then `response.completed` or `response.incomplete` with the whole response and its usage. Every
 * event has the next `sequence_number`. An `error` part becomes `error` and `response.failed`.
 */
export function createEncodeStream(options: EncodeStreamOptions): Stepper<StreamPart, string> {
  let sequence = 0
  let response: { id: string; createdAt: number; model: string; output: JsonObject[] } | undefined
  let text: TextRun | undefined
  let reasoning: ReasoningRun | undefined
  const tools = new Map<string, ToolRun>()
  let ended = false

  const next = (): number => sequence++
  const event = (out: string[], type: string, fields: JsonObject): void => {
    out.push(sseEncode({ event: type, data: JSON.stringify({ type, ...fields, sequence_number: next() }) }))
  }

  return {
    push(part, out) {
      if (ended) return
      if (part.type === 'error') {
        ended = true
        const current = response ?? begin(out, options.generateId('resp_'), undefined, false)
        // Items still open are left out of the failed response (their slots are empty).
        out.push(
          encodeStreamError(part.error, {
            sequence: next,
            response: { ...current, output: current.output.filter((item) => Object.keys(item).length > 0) },
          }),
        )
        return
      }
      const current =
        response ??
        begin(
          out,
          part.type === 'start' ? part.id : options.generateId('resp_'),
          part.type === 'start' ? part.created : undefined,
          true,
        )
      switch (part.type) {
        case 'start':
          return
        case 'text-start':
          if (text) closeText(out, current, text)
          text = openText(out, current)
          return
        case 'text-delta': {
          if (part.delta === '') return
          // A delta outside a run (the IR says it cannot happen) still reaches the client, in a message of its own.
          text ??= openText(out, current)
          text.text += part.delta
          event(out, 'response.output_text.delta', {
            item_id: text.itemId,
            output_index: text.outputIndex,
            content_index: 0,
            delta: part.delta,
            logprobs: [],
          })
          return
        }
        case 'text-end':
          if (text) closeText(out, current, text)
          text = undefined
          return
        case 'reasoning-start':
          if (reasoning) closeReasoning(out, current, reasoning, undefined)
          reasoning = openReasoning(out, current, part.origin, part.redactedData)
          return
        case 'reasoning-delta':
          if (part.delta === '') return
          reasoning ??= openReasoning(out, current, { protocol: 'openai-responses' }, undefined)
          if (!reasoning.summaryOpen) {
            reasoning.summaryOpen = true
            event(out, 'response.reasoning_summary_part.added', {
              item_id: reasoning.itemId,
              output_index: reasoning.outputIndex,
              summary_index: 0,
              part: { type: 'summary_text', text: '' },
            })
          }
          reasoning.text += part.delta
          event(out, 'response.reasoning_summary_text.delta', {
            item_id: reasoning.itemId,
            output_index: reasoning.outputIndex,
            summary_index: 0,
            delta: part.delta,
          })
          return
        case 'reasoning-end':
          if (reasoning) closeReasoning(out, current, reasoning, part.signature)
          reasoning = undefined
          return
        case 'tool-input-start':
          openTool(out, current, part.id, part.name)
          return
        case 'tool-input-delta': {
          const tool = tools.get(part.id)
          if (!tool || part.delta === '') return
          tool.args += part.delta
          if (!tool.custom)
            event(out, 'response.function_call_arguments.delta', {
              item_id: tool.itemId,
              output_index: tool.outputIndex,
              delta: part.delta,
            })
          return
        }
        case 'tool-input-end':
          return
        case 'tool-call': {
          // A call that came whole (Gemini) opens its item here and sends its arguments as one delta.
          const tool = tools.get(part.id) ?? openTool(out, current, part.id, part.name)
          const rawArgs = part.rawArgs ?? JSON.stringify(part.args)
          if (tool.args === '' && !tool.custom && rawArgs !== '')
            event(out, 'response.function_call_arguments.delta', {
              item_id: tool.itemId,
              output_index: tool.outputIndex,
              delta: rawArgs,
            })
          const item = callItem(tool.itemId, { id: part.id, name: part.name, args: part.args, rawArgs }, options.tools)
          if (tool.custom)
            event(out, 'response.custom_tool_call_input.done', {
              item_id: tool.itemId,
              output_index: tool.outputIndex,
              input: item.input,
            })
          else
            event(out, 'response.function_call_arguments.done', {
              item_id: tool.itemId,
              output_index: tool.outputIndex,
              name: item.name,
              arguments: rawArgs,
            })
          current.output[tool.outputIndex] = item
          event(out, 'response.output_item.done', { output_index: tool.outputIndex, item })
          tools.delete(part.id)
          return
        }
        case 'finish': {
          closeAll(out, current)
          ended = true
          const { status, incompleteDetails } = encodeFinishReason(part.reason)
          const body = responseObject({ ...current, status, incompleteDetails, usage: encodeUsage(part.usage) })
          event(out, status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response: body })
          return
        }
        default: {
          const unreachable: never = part
          throw new Error(`unknown stream part ${JSON.stringify(unreachable)}`)
        }
      }
    },
    end(out) {
      if (ended) return
      // The parts ended without a finish: close the answer the way OpenAI would.
      const current = response ?? begin(out, options.generateId('resp_'), undefined, true)
      closeAll(out, current)
      ended = true
      event(out, 'response.completed', {
        response: responseObject({
          ...current,
          status: 'completed',
          usage: encodeUsage({ inputTokens: 0, outputTokens: 0 }),
        }),
      })
    },
  }

  function begin(
    out: string[],
    id: string,
    created: number | undefined,
    announce: boolean,
  ): NonNullable<typeof response> {
    response = { id: responseId(id), createdAt: created ?? options.nowSeconds(), model: options.model, output: [] }
    if (announce) {
      const body = responseObject({ ...response, status: 'in_progress' })
      event(out, 'response.created', { response: body })
      event(out, 'response.in_progress', { response: body })
    }
    return response
  }

  function reserve(current: NonNullable<typeof response>): number {
    current.output.push({})
    return current.output.length - 1
  }

  function openText(out: string[], current: NonNullable<typeof response>): TextRun {
    // Runs never overlap: an open reasoning item is done before the message starts.
    if (reasoning) closeReasoning(out, current, reasoning, undefined)
    reasoning = undefined
    const run = { itemId: options.generateId('msg_'), outputIndex: reserve(current), text: '' }
    event(out, 'response.output_item.added', {
      output_index: run.outputIndex,
      item: { id: run.itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    })
    event(out, 'response.content_part.added', {
      item_id: run.itemId,
      output_index: run.outputIndex,
      content_index: 0,
      part: outputText(''),
    })
    return run
  }

  function openReasoning(
    out: string[],
    current: NonNullable<typeof response>,
    origin: Origin,
    redactedData: string | undefined,
  ): ReasoningRun {
    if (text) closeText(out, current, text)
    text = undefined
    const run: ReasoningRun = {
      itemId: options.generateId('rs_'),
      outputIndex: reserve(current),
      text: '',
      origin,
      summaryOpen: false,
      ...(redactedData === undefined ? {} : { redactedData }),
    }
    event(out, 'response.output_item.added', {
      output_index: run.outputIndex,
      item: { id: run.itemId, type: 'reasoning', summary: [] },
    })
    return run
  }

  function openTool(out: string[], current: NonNullable<typeof response>, id: string, name: string): ToolRun {
    const declared = options.tools.declared(name)
    const tool: ToolRun = {
      itemId: options.generateId('fc_'),
      outputIndex: reserve(current),
      name,
      args: '',
      custom: declared.custom === true,
    }
    tools.set(id, tool)
    const item = callItem(tool.itemId, { id, name, args: {}, rawArgs: '' }, options.tools, 'in_progress')
    if (tool.custom) item.input = ''
    event(out, 'response.output_item.added', { output_index: tool.outputIndex, item })
    return tool
  }

  function closeText(out: string[], current: NonNullable<typeof response>, run: TextRun): void {
    const part = outputText(run.text)
    event(out, 'response.output_text.done', {
      item_id: run.itemId,
      output_index: run.outputIndex,
      content_index: 0,
      text: run.text,
      logprobs: [],
    })
    event(out, 'response.content_part.done', {
      item_id: run.itemId,
      output_index: run.outputIndex,
      content_index: 0,
      part,
    })
    const item = { id: run.itemId, type: 'message', status: 'completed', role: 'assistant', content: [part] }
    options.memory.remember(run.itemId, [{ type: 'text', text: run.text }])
    current.output[run.outputIndex] = item
    event(out, 'response.output_item.done', { output_index: run.outputIndex, item })
  }

  function closeReasoning(
    out: string[],
    current: NonNullable<typeof response>,
    run: ReasoningRun,
    signature: string | undefined,
  ): void {
    if (run.summaryOpen) {
      event(out, 'response.reasoning_summary_text.done', {
        item_id: run.itemId,
        output_index: run.outputIndex,
        summary_index: 0,
        text: run.text,
      })
      event(out, 'response.reasoning_summary_part.done', {
        item_id: run.itemId,
        output_index: run.outputIndex,
        summary_index: 0,
        part: { type: 'summary_text', text: run.text },
      })
    }
    const block = {
      type: 'reasoning' as const,
      text: run.text,
      origin: run.origin,
      ...(signature === undefined ? {} : { signature }),
      ...(run.redactedData === undefined ? {} : { redactedData: run.redactedData }),
    }
    options.memory.remember(run.itemId, block)
    const item = reasoningItem(run.itemId, block)
    current.output[run.outputIndex] = item
    event(out, 'response.output_item.done', { output_index: run.outputIndex, item })
  }

  /** Ends what is still open, so every item gets its `output_item.done` before the terminal event. */
  function closeAll(out: string[], current: NonNullable<typeof response>): void {
    if (text) closeText(out, current, text)
    text = undefined
    if (reasoning) closeReasoning(out, current, reasoning, undefined)
    reasoning = undefined
    for (const [id, tool] of tools) {
      const item = callItem(tool.itemId, { id, name: tool.name, args: {}, rawArgs: tool.args }, options.tools)
      current.output[tool.outputIndex] = item
      event(out, 'response.output_item.done', { output_index: tool.outputIndex, item })
    }
    tools.clear()
    // Slots reserved for items that never closed cannot be empty objects in the final response.
    current.output = current.output.filter((item) => Object.keys(item).length > 0)
  }
}
