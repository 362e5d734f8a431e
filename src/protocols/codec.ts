import type { GatewayError } from '../ir/errors.ts'
import type { ProtocolName } from '../ir/origin.ts'
import type { IREmbeddingRequest, IREmbeddingResponse } from '../ir/embeddings.ts'
import type { IRRequest } from '../ir/request.ts'
import type { IRResponse } from '../ir/response.ts'
import type { StreamPart } from '../ir/stream-part.ts'
import type { Usage } from '../ir/usage.ts'
import type { SseEvent } from './sse.ts'

export type { ProtocolName } from '../ir/origin.ts'
export type { SseEvent } from './sse.ts'

/**
 * An upstream call built by a codec. `path` is relative to the provider's base URL as README.md ("The
 * config file", `baseUrl`) defines it: `/chat/completions` for OpenAI (whose base URL includes `/v1`),
 * `/v1/messages` for Anthropic, `/v1beta/models/MODEL:streamGenerateContent?alt=sse` for Gemini. Headers
 * are protocol headers only (`anthropic-version`); auth is the caller's business.
 */
export interface UpstreamCall {
  path: string
  body: unknown
  headers?: Record<string, string>
}

/** A client-facing error response: status, JSON body, and headers such as `retry-after`. */
export interface EncodedError {
  status: number
  body: unknown
  headers?: Record<string, string>
}

/** A model in a `/models` listing, when more than its name is known (from the upstream's listing). */
export interface ModelListEntry {
  id: string
  displayName?: string
  /** Who owns it (OpenAI `owned_by`): the provider family, e.g. `google`. */
  ownedBy?: string
  /** Unix seconds. */
  created?: number
}

/** Pagination of a `/models` listing (Anthropic's `limit`, `after_id`, `before_id`). */
export interface ModelListOptions {
  limit?: number
  afterId?: string
  beforeId?: string
}

/** A passthrough request prepared for the upstream (same protocol on both sides). */
export interface PassthroughRequest {
  call: UpstreamCall
  /** The client itself asked for usage in the stream (so the injected usage must reach it). */
  includeUsage: boolean
  stream: boolean
  /**
   * The body says exactly what the client's did (same model, nothing added): the client's own bytes may
   * go up instead of the body serialized again (a long conversation costs its size in JSON.stringify).
   */
  unchanged: boolean
  /**
   * When all the body adds to the client's are members after its own (`,"key":value` as JSON text), those
   * members: the client's bytes with them before the closing brace say what the body says, so the
   * conversation need not be serialized again for them either.
   */
  appended?: string
}

/** What a passthrough learns from one upstream frame it forwards unchanged. */
export interface FrameInfo {
  /** `content`: the commit point has come; `meta`: may precede it; `error`: an error event inside the 200. */
  kind: 'content' | 'meta' | 'error'
  error?: GatewayError
  /** Usage this frame reported. */
  usage?: Usage
  /** A usage-only chunk the gateway asked for: hidden from a client that did not ask (docs/protocols.md, "Passthrough"; fixture F12). */
  usageOnly?: boolean
  /** The text a content frame shows (checked for a relay's error phrases at the commit point). */
  text?: string
}

/** Same-protocol forwarding (docs/protocols.md, "Passthrough"): the request renamed, the answer forwarded byte for byte and read. */
export interface Passthrough {
  /** Prepares the client's body for the upstream: model renamed; for OpenAI streams, usage asked for. */
  request(body: unknown, upstreamModel: string, headers: Headers): PassthroughRequest
  /** A stateful reader of the stream's frames, in order (comments and keep-alives come as undefined). */
  tap(): (event: SseEvent | undefined) => FrameInfo
  /**
   * True when a whole frame past the commit point cannot hold usage or an error, so it is forwarded
   * unread (JSON escapes the quotes of such words inside text, so text never looks like those keys).
   */
  quiet(raw: string): boolean
  /**
   * True when a whole frame finishes the answer (a finish reason, a stop, or the protocol's last
   * event): a stream that ends without one was cut short, and its client gets an error event.
   */
  finishes(raw: string): boolean
  /**
   * For one stream: a function giving each frame with the model the upstream named replaced by the
   * name the client asked for (the same string when the frame names none, or that name already), as a
   * translated stream answers.
   */
  modelRenamer(model: string): (raw: string) => string
}

/**
 * Token counting, for a protocol with an endpoint for it (Anthropic `count_tokens`, Gemini `:countTokens`):
 * the upstream call, its answer read, and the client's answer written.
 */
export interface TokenCounting {
  /** IR → the upstream's counting call (the prompt, system and tools as a generation call would carry them). */
  request(request: IRRequest, upstreamModel: string): UpstreamCall
  /** Same protocol: the client's own count request for this upstream, the model renamed, nothing else changed. */
  forward(body: Record<string, unknown>, upstreamModel: string): UpstreamCall
  /** The upstream's answer → the prompt's token count; throws a GatewayError when it holds none. */
  decode(body: unknown): number
  /** A count → the client's answer in this protocol (`estimated`: pinai's estimate, not an upstream's count). */
  encode(tokens: number, options: { estimated: boolean }): unknown
}

/**
 * Embeddings, for a protocol with an endpoint for them (OpenAI `/embeddings`, Gemini `:embedContent` and
 * `:batchEmbedContents`): both directions of the request and the answer.
 */
export interface Embeddings {
  /** Client body → IR; throws GatewayError(invalid_request) for what the IR cannot hold (token-id input). */
  decodeRequest(body: unknown): IREmbeddingRequest
  /** IR → the upstream's call. */
  encodeRequest(request: IREmbeddingRequest, upstreamModel: string): UpstreamCall
  /** Same protocol: the client's own body for this upstream, the model renamed, nothing else changed. */
  forward(body: Record<string, unknown>, upstreamModel: string): UpstreamCall
  /** The upstream's answer → IR (`request` is what it answers); a vector count that does not match is an upstream error. */
  decodeResponse(body: unknown, request: IREmbeddingRequest): IREmbeddingResponse
  /** The prompt tokens an answer forwarded unchanged reports, when it reports them. */
  inputTokens(body: unknown): number | undefined
  /** IR → the client's answer; `requestedModel` is the name the client asked for. */
  encodeResponse(response: IREmbeddingResponse, request: IREmbeddingRequest, requestedModel: string): unknown
}

/**
 * A synchronous stream step: each call appends what it produced to `out`; throws on a broken input. Plain
 * calls, not a web stream: a web stream costs promises, queues and an object per chunk (measured: ~250 µs
 * of plumbing per translated 20-token answer against ~60 µs of codec work). `stepperStream` wraps one
 * for callers who want a web stream.
 */
export interface Stepper<In, Out> {
  push(input: In, out: Out[]): void
  /** The input ended: append what is left (a protocol's closing events). */
  end(out: Out[]): void
}

/** How a client's stream is encoded: the model name it shows and whether it carries a usage chunk (OpenAI). */
export interface EncodeStreamOptions {
  model: string
  includeUsage: boolean
}

/** One wire protocol: decodes and encodes requests, responses, streams and errors to and from the IR. */
export interface Codec {
  name: ProtocolName
  /** Client body → IR; throws GatewayError(invalid_request) with a clear message. */
  decodeRequest(body: unknown, headers: Headers): IRRequest
  /** IR → upstream call (for OpenAI streams, asks for `include_usage`). */
  encodeRequest(request: IRRequest, upstreamModel: string): UpstreamCall
  /** Upstream non-stream JSON → IR. */
  decodeResponse(body: unknown): IRResponse
  /** IR → client JSON; `requestedModel` is the name the client asked for. */
  encodeResponse(response: IRResponse, requestedModel: string): unknown
  /** Upstream SSE events → IR parts; errors inside a 200 stream become an `error` part. */
  decodeStream(): Stepper<SseEvent, StreamPart>
  /**
   * IR parts → client SSE text, protocol-correct to the end (Anthropic: `message_start` … `message_stop`;
   * OpenAI: chunks, the usage chunk only when `includeUsage`, then `data: [DONE]`). An `error` part becomes
   * a protocol-correct error event, then the stream ends.
   */
  encodeStream(options: EncodeStreamOptions): Stepper<StreamPart, string>
  /** Upstream error → typed error (keeps retry-after). */
  decodeError(status: number, bodyText: string, headers: Headers, provider: string): GatewayError
  /** Typed error → the client's error shape. */
  encodeError(error: GatewayError): EncodedError
  /** SSE text of an error event in this protocol. */
  encodeStreamError(error: GatewayError): string
  /** `/models` body in this protocol's shape (Anthropic: with pagination fields); names or entries, in order. */
  encodeModelList(names: (string | ModelListEntry)[], options?: ModelListOptions): unknown
  /** Usage from an upstream JSON body (passthrough accounting). */
  usageFromResponse(body: unknown): Usage | undefined
  /** The top-level member of a JSON body that holds its usage (read from the body's end where it can be). */
  usageMember: string
  /**
   * The text of a whole JSON answer in this protocol, or undefined when the body is not this protocol's
   * answer (a relay's 200 that is a failure; README, "Routing and failover").
   */
  answerText(body: unknown): string | undefined
  /** Same-protocol forwarding, for the protocols clients speak (OpenAI, Anthropic). */
  passthrough?: Passthrough
  /** Token counting, where the protocol has an endpoint for it. */
  countTokens?: TokenCounting
  /** Embeddings, where the protocol has an endpoint for them. */
  embeddings?: Embeddings
}
