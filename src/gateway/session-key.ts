import type { ClientCall } from './client-call.ts'

/** Longest session identifier kept; a longer one is cut (the pin map's memory stays bounded). */
const MAX_SESSION_LENGTH = 256

/** A non-empty string, cut to the bound, or nothing. */
function idOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined
  return value.slice(0, MAX_SESSION_LENGTH)
}

/** The `metadata.user_id` of an Anthropic body (Claude Code sends one per session). */
function anthropicUserId(body: Record<string, unknown>): string | undefined {
  const metadata = body.metadata
  if (typeof metadata !== 'object' || metadata === null) return undefined
  return idOf((metadata as Record<string, unknown>).user_id)
}

/**
 * The agent session a call belongs to, for sticky routing: the `x-pinai-session` header, else the
 * body's `prompt_cache_key` (Codex, OpenAI), Anthropic's `metadata.user_id` (Claude Code), or OpenAI's
 * `user`. Scoped by the calling client and the requested model: one agent often uses two models
 * (a small one for titles), and each must keep its own channel; two clients never share a pin.
 */
export function sessionKeyOf(
  call: Pick<ClientCall, 'request' | 'body' | 'caller' | 'requestedModel'>,
): string | undefined {
  const { body } = call
  const session =
    idOf(call.request.headers.get('x-pinai-session')) ??
    idOf(body.prompt_cache_key) ??
    anthropicUserId(body) ??
    idOf(body.user)
  if (session === undefined) return undefined
  return `${call.caller.name}\n${call.requestedModel.slice(0, MAX_SESSION_LENGTH)}\n${session}`
}
