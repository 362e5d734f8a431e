/** The `type` of every stream event pinai writes to a Responses client or reads from a Responses upstream. */
export type ResponsesEventType =
  | 'response.created'
  | 'response.in_progress'
  | 'response.output_item.added'
  | 'response.output_item.done'
  | 'response.content_part.added'
  | 'response.content_part.done'
  | 'response.output_text.delta'
  | 'response.output_text.done'
  | 'response.refusal.delta'
  | 'response.function_call_arguments.delta'
  | 'response.function_call_arguments.done'
  | 'response.custom_tool_call_input.delta'
  | 'response.custom_tool_call_input.done'
  | 'response.reasoning_summary_part.added'
  | 'response.reasoning_summary_part.done'
  | 'response.reasoning_summary_text.delta'
  | 'response.reasoning_summary_text.done'
  | 'response.reasoning_text.delta'
  | 'response.completed'
  | 'response.incomplete'
  | 'response.failed'
  | 'error'

/** `status` of a Responses answer. */
export type ResponseStatus = 'completed' | 'incomplete' | 'failed' | 'in_progress'

/** The `usage` object of a Responses answer. */
export type ResponsesUsage = {
  input_tokens: number
  input_tokens_details: { cached_tokens: number }
  output_tokens: number
  output_tokens_details: { reasoning_tokens: number }
  total_tokens: number
}

/** The hosted tools OpenAI runs itself: only a Responses upstream can take them. */
export const hostedToolTypes: ReadonlySet<string> = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'web_search_2025_08_26',
  'file_search',
  'code_interpreter',
  'computer_use_preview',
  'computer_use',
  'image_generation',
  'local_shell',
  'shell',
  'apply_patch',
  'mcp',
  'tool_search',
])
