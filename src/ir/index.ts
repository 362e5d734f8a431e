export type { JsonObject, JsonValue } from './json.ts'
export type { Origin, ProtocolName } from './origin.ts'
export type {
  AudioBlock,
  CacheControl,
  ContentBlock,
  DocumentBlock,
  ImageBlock,
  MediaSource,
  OutputBlock,
  ReasoningBlock,
  TextBlock,
  ToolCallBlock,
  ToolResultBlock,
  ToolResultContent,
} from './content.ts'
export type { Message } from './message.ts'
export type { FunctionTool, ProviderTool, Tool, ToolChoice } from './tool.ts'
export type { Usage } from './usage.ts'
export type { Finish, FinishReason } from './finish.ts'
export type { IRResponse } from './response.ts'
export type { ExtraOptions, IRRequest, ReasoningConfig, ReasoningEffort, ResponseFormat, Sampling } from './request.ts'
export type { StreamPart, StreamPartType } from './stream-part.ts'
export type { IREmbeddingRequest, IREmbeddingResponse } from './embeddings.ts'
export { createStreamFolder, foldStreamParts } from './fold-stream.ts'
export type { StreamFolder } from './fold-stream.ts'
export { responseToStreamParts } from './response-to-parts.ts'
export * from './errors.ts'
