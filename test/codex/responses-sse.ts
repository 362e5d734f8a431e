/** One output item of a scripted Responses answer. */
export type ResponsesItem =
  | { type: 'reasoning'; id: string; summary: string[]; encryptedContent?: string }
  | { type: 'message'; id: string; text: string }
  | { type: 'function_call'; id: string; callId: string; name: string; arguments: string }

const halves = (text: string): [string, string] => [
  text.slice(0, Math.ceil(text.length / 2)),
  text.slice(Math.ceil(text.length / 2)),
]

/** The finished form of an item, as `response.output_item.done` and `response.completed` carry it. */
function doneItem(item: ResponsesItem): Record<string, unknown> {
  if (item.type === 'reasoning') {
    return {
      id: item.id,
      type: 'reasoning',
      summary: item.summary.map((text) => ({ type: 'summary_text', text })),
      ...(item.encryptedContent ? { encrypted_content: item.encryptedContent } : {}),
    }
  }
  if (item.type === 'message') {
    return {
      id: item.id,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: item.text, annotations: [], logprobs: [] }],
    }
  }
  return {
    id: item.id,
    type: 'function_call',
    status: 'completed',
    arguments: item.arguments,
    call_id: item.callId,
    name: item.name,
  }
}

/** The events between an item's `output_item.added` and `output_item.done`, deltas split in two. */
function itemEvents(item: ResponsesItem, outputIndex: number): Array<Record<string, unknown>> {
  const at = { item_id: item.id, output_index: outputIndex }
  if (item.type === 'reasoning') {
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: item.id, type: 'reasoning', summary: [] },
      },
      ...item.summary.flatMap((text, summaryIndex) => [
        {
          type: 'response.reasoning_summary_part.added',
          ...at,
          summary_index: summaryIndex,
          part: { type: 'summary_text', text: '' },
        },
        ...halves(text).map((delta) => ({
          type: 'response.reasoning_summary_text.delta',
          ...at,
          summary_index: summaryIndex,
          delta,
        })),
        { type: 'response.reasoning_summary_text.done', ...at, summary_index: summaryIndex, text },
        {
          type: 'response.reasoning_summary_part.done',
          ...at,
          summary_index: summaryIndex,
          part: { type: 'summary_text', text },
        },
      ]),
    ]
  }
  if (item.type === 'message') {
    const part = { type: 'output_text', text: item.text, annotations: [], logprobs: [] }
    return [
      {
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      },
      { type: 'response.content_part.added', ...at, content_index: 0, part: { ...part, text: '' } },
      ...halves(item.text).map((delta) => ({
        type: 'response.output_text.delta',
        ...at,
        content_index: 0,
        delta,
        logprobs: [],
      })),
      { type: 'response.output_text.done', ...at, content_index: 0, text: item.text, logprobs: [] },
      { type: 'response.content_part.done', ...at, content_index: 0, part },
    ]
  }
  return [
    {
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: {
        id: item.id,
        type: 'function_call',
        status: 'in_progress',
        arguments: '',
        call_id: item.callId,
        name: item.name,
      },
    },
    ...halves(item.arguments).map((delta) => ({ type: 'response.function_call_arguments.delta', ...at, delta })),
    { type: 'response.function_call_arguments.done', ...at, name: item.name, arguments: item.arguments },
  ]
}

/**
 * A streamed Responses answer as OpenAI sends it: `response.created`, `response.in_progress`, every
 * item's events with its deltas, and `response.completed` (or, cut at the token limit,
 * `response.incomplete`) with the whole output and usage; each event with its `event:` line and an
 * increasing `sequence_number`.
 */
export function responsesSse(
  responseId: string,
  model: string,
  items: ResponsesItem[],
  ending: 'completed' | 'incomplete' = 'completed',
): string[] {
  const response = {
    id: responseId,
    object: 'response',
    created_at: 1767225600,
    status: 'in_progress',
    model,
    output: [],
    usage: null,
    store: false,
  }
  const usage = {
    input_tokens: 9120,
    input_tokens_details: { cached_tokens: 8960 },
    output_tokens: 41,
    output_tokens_details: { reasoning_tokens: 12 },
    total_tokens: 9161,
  }
  const events = [
    { type: 'response.created', response },
    { type: 'response.in_progress', response },
    ...items.flatMap((item, index) => [
      ...itemEvents(item, index),
      { type: 'response.output_item.done', output_index: index, item: doneItem(item) },
    ]),
    ending === 'completed'
      ? {
          type: 'response.completed',
          response: { ...response, status: 'completed', output: items.map(doneItem), usage },
        }
      : {
          type: 'response.incomplete',
          response: {
            ...response,
            status: 'incomplete',
            incomplete_details: { reason: 'max_output_tokens' },
            output: items.map(doneItem),
            usage,
          },
        },
  ]
  return events.map(
    (event, sequenceNumber) =>
      `event: ${String(event.type)}\ndata: ${JSON.stringify({ ...event, sequence_number: sequenceNumber })}\n\n`,
  )
}
