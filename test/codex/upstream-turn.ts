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
  /** The assistant's earlier tool calls, replayed, in order. */
  calls: Array<{ id?: string; name: string; arguments: unknown }>
  /** The tools' results sent back for them, in order. */
  results: Array<{ id?: string; name?: string; text: string }>
  /** The reasoning signature replayed with the call (Anthropic thinking `signature`, Gemini `thoughtSignature`, Responses `encrypted_content`). */
  signature?: string
}

type Json = Record<string, unknown>

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : [])

/** The text of a string, of text parts, or the JSON of anything else. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content))
    return content
      .map((part) => (typeof (part as Json).text === 'string' ? ((part as Json).text as string) : JSON.stringify(part)))
      .join('\n')
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
  const calls = messages.flatMap((message) => asArray(message.tool_calls)) as Array<{
    id?: string
    function: { name: string; arguments: string }
  }>
  return {
    system: messages
      .filter((message) => message.role === 'system' || message.role === 'developer')
      .map((message) => textOf(message.content))
      .join('\n'),
    userText: messages
      .filter((message) => message.role === 'user')
      .map((message) => textOf(message.content))
      .join('\n'),
    toolNames: asArray(body.tools).map((tool) => String((tool.function as Json | undefined)?.name)),
    calls: calls.map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: parseArguments(call.function.arguments),
    })),
    results: messages
      .filter((message) => message.role === 'tool')
      .map((tool) => ({ id: String(tool.tool_call_id), text: textOf(tool.content) })),
  }
}

function anthropicTurn(body: Json): UpstreamTurn {
  const messages = asArray(body.messages)
  const blocks = (role: string) =>
    messages
      .filter((message) => message.role === role)
      .flatMap((message) =>
        typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : asArray(message.content),
      )
  return {
    system: textOf(body.system ?? ''),
    userText: blocks('user')
      .filter((block) => block.type === 'text')
      .map((block) => String(block.text))
      .join('\n'),
    toolNames: asArray(body.tools).map((tool) => String(tool.name)),
    calls: blocks('assistant').flatMap((block) =>
      block.type === 'tool_use' ? [{ id: String(block.id), name: String(block.name), arguments: block.input }] : [],
    ),
    results: blocks('user').flatMap((block) =>
      block.type === 'tool_result' ? [{ id: String(block.tool_use_id), text: textOf(block.content) }] : [],
    ),
    signature: blocks('assistant').find((block) => block.type === 'thinking')?.signature as string | undefined,
  }
}

function geminiTurn(body: Json): UpstreamTurn {
  const contents = asArray(body.contents)
  const parts = (role: string) =>
    contents.filter((content) => content.role === role).flatMap((content) => asArray(content.parts))
  const callParts = parts('model').filter((part) => part.functionCall)
  const responses = parts('user').flatMap((part) =>
    part.functionResponse ? [part.functionResponse as { name: string; response: Json }] : [],
  )
  return {
    system: textOf(asArray((body.systemInstruction as Json | undefined)?.parts)),
    userText: parts('user')
      .filter((part) => typeof part.text === 'string')
      .map((part) => String(part.text))
      .join('\n'),
    toolNames: asArray(body.tools).flatMap((tool) =>
      asArray(tool.functionDeclarations).map((declaration) => String(declaration.name)),
    ),
    calls: callParts.map((part) => {
      const call = part.functionCall as { name: string; args: unknown }
      return { name: call.name, arguments: call.args }
    }),
    results: responses.map((response) => ({
      name: response.name,
      text: textOf(
        response.response.result ?? response.response.output ?? response.response.content ?? response.response,
      ),
    })),
    signature: callParts[0]?.thoughtSignature as string | undefined,
  }
}

function responsesTurn(body: Json): UpstreamTurn {
  const items =
    typeof body.input === 'string' ? [{ type: 'message', role: 'user', content: body.input }] : asArray(body.input)
  const messages = (role: string) =>
    items
      .filter((item) => (item.type ?? 'message') === 'message' && item.role === role)
      .map((item) => textOf(item.content))
  return {
    system: [
      typeof body.instructions === 'string' ? body.instructions : '',
      ...messages('developer'),
      ...messages('system'),
    ].join('\n'),
    userText: messages('user').join('\n'),
    toolNames: asArray(body.tools).flatMap((tool) => (tool.type === 'function' ? [String(tool.name)] : [])),
    calls: items.flatMap((item) =>
      item.type === 'function_call'
        ? [{ id: String(item.call_id), name: String(item.name), arguments: parseArguments(item.arguments) }]
        : [],
    ),
    results: items.flatMap((item) =>
      item.type === 'function_call_output' ? [{ id: String(item.call_id), text: textOf(item.output) }] : [],
    ),
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
