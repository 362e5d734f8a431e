/** The four upstream protocols Codex reaches through pinai. */
export type UpstreamProtocol = 'openai' | 'anthropic' | 'gemini' | 'responses'

/** What one upstream request carries, read the same way whatever its protocol. */
export interface UpstreamTurn {
  /** The texts in the protocol's system slot (OpenAI system/developer messages, Anthropic `system`, Gemini `systemInstruction`, Responses `instructions` and developer messages). */
  system: string
  /** The texts of every user message (tool results excluded). */
  userText: string
  /** The names of the function tools offered. */
  toolNames: string[]
  /** The assistant's earlier tool call, replayed. */
  call?: { id?: string; name: string; arguments: unknown }
  /** The tool's result, sent back for that call. */
  result?: { id?: string; name?: string; text: string }
  /** The reasoning signature replayed with the call (Anthropic thinking `signature`, Gemini `thoughtSignature`, Responses `encrypted_content`). */
  signature?: string
}

type Json = Record<string, unknown>

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : [])

/** The text of a string, of text parts, or the JSON of anything else. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((part) => (typeof (part as Json).text === 'string' ? ((part as Json).text as string) : JSON.stringify(part))).join('\n')
  return JSON.stringify(content)
}

const parseArguments = (text: unknown): unknown => {
  try {
    return JSON.parse(String(text))
  } catch {
    return text
  }
}

function openaiTurn(body: Json): UpstreamTurn {
  const messages = asArray(body.messages)
  const call = asArray(messages.find((message) => message.tool_calls)?.tool_calls)[0] as { id?: string; function?: { name: string; arguments: string } } | undefined
  const tool = messages.filter((message) => message.role === 'tool').at(-1)
  return {
    system: messages.filter((message) => message.role === 'system' || message.role === 'developer').map((message) => textOf(message.content)).join('\n'),
    userText: messages.filter((message) => message.role === 'user').map((message) => textOf(message.content)).join('\n'),
    toolNames: asArray(body.tools).map((tool) => String((tool.function as Json | undefined)?.name)),
    call: call?.function ? { id: call.id, name: call.function.name, arguments: parseArguments(call.function.arguments) } : undefined,
    result: tool ? { id: String(tool.tool_call_id), text: textOf(tool.content) } : undefined,
  }
}

function anthropicTurn(body: Json): UpstreamTurn {
  const messages = asArray(body.messages)
  const blocks = (role: string) => messages.filter((message) => message.role === role).flatMap((message) => (typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content)))
  const call = blocks('assistant').find((block) => block.type === 'tool_use')
  const result = blocks('user').find((block) => block.type === 'tool_result')
  return {
    system: textOf(body.system ?? ''),
    userText: blocks('user').filter((block) => block.type === 'text').map((block) => String(block.text)).join('\n'),
    toolNames: asArray(body.tools).map((tool) => String(tool.name)),
    call: call ? { id: String(call.id), name: String(call.name), arguments: call.input } : undefined,
    result: result ? { id: String(result.tool_use_id), text: textOf(result.content) } : undefined,
    signature: blocks('assistant').find((block) => block.type === 'thinking')?.signature as string | undefined,
  }
}

function geminiTurn(body: Json): UpstreamTurn {
  const contents = asArray(body.contents)
  const parts = (role: string) => contents.filter((content) => content.role === role).flatMap((content) => asArray(content.parts))
  const callPart = parts('model').find((part) => part.functionCall)
  const call = callPart?.functionCall as { name: string; args: unknown } | undefined
  const response = parts('user').find((part) => part.functionResponse)?.functionResponse as { name: string; response: Json } | undefined
  const inner = response ? (response.response.result ?? response.response.output ?? response.response.content ?? response.response) : undefined
  return {
    system: textOf(asArray((body.systemInstruction as Json | undefined)?.parts)),
    userText: parts('user').filter((part) => typeof part.text === 'string').map((part) => String(part.text)).join('\n'),
    toolNames: asArray(body.tools).flatMap((tool) => asArray(tool.functionDeclarations).map((declaration) => String(declaration.name))),
    call: call ? { name: call.name, arguments: call.args } : undefined,
    result: response ? { name: response.name, text: textOf(inner) } : undefined,
    signature: callPart?.thoughtSignature as string | undefined,
  }
}

function responsesTurn(body: Json): UpstreamTurn {
  const items = typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : asArray(body.input)
  const messages = (role: string) => items.filter((item) => (item.type ?? 'message') === 'message' && item.role === role).map((item) => textOf(item.content))
  const call = items.find((item) => item.type === 'function_call')
  const output = items.find((item) => item.type === 'function_call_output')
  return {
    system: [typeof body.instructions === 'string' ? body.instructions : '', ...messages('developer'), ...messages('system')].join('\n'),
    userText: messages('user').join('\n'),
    toolNames: asArray(body.tools).flatMap((tool) => (tool.type === 'function' ? [String(tool.name)] : [])),
    call: call ? { id: String(call.call_id), name: String(call.name), arguments: parseArguments(call.arguments) } : undefined,
    result: output ? { id: String(output.call_id), text: textOf(output.output) } : undefined,
    signature: items.find((item) => item.type === 'reasoning')?.encrypted_content as string | undefined,
  }
}

/** Reads one upstream request body in its protocol. */
export function upstreamTurn(protocol: UpstreamProtocol, body: unknown): UpstreamTurn {
  const json = (body ?? {}) as Json
  if (protocol === 'openai') return openaiTurn(json)
  if (protocol === 'anthropic') return anthropicTurn(json)
  if (protocol === 'gemini') return geminiTurn(json)
  return responsesTurn(json)
}
