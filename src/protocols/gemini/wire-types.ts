/** A JSON object as it appears on the wire. */
export type JsonObject = { [key: string]: unknown }

/** Inline base64 data (images, PDF, audio). */
export interface GeminiBlob {
  mimeType: string
  data: string
}

/** A reference to a file Gemini can fetch itself (Files API, `gs://`, YouTube). */
export interface GeminiFileData {
  mimeType?: string
  fileUri: string
}

/** A whole function call made by the model. */
export interface GeminiFunctionCall {
  name: string
  args?: JsonObject
  id?: string
}

/** The answer to a function call, sent back in a user turn. */
export interface GeminiFunctionResponse {
  name: string
  response: JsonObject
  id?: string
}

/** One part of a content: exactly one data field, plus the thought flags. */
export interface GeminiPart {
  text?: string
  inlineData?: GeminiBlob
  fileData?: GeminiFileData
  functionCall?: GeminiFunctionCall
  functionResponse?: GeminiFunctionResponse
  thought?: boolean
  thoughtSignature?: string
}

/** A turn: role `user` or `model`. */
export interface GeminiContent {
  role?: string
  parts?: GeminiPart[]
}

/** One function declaration of `tools[].functionDeclarations`. */
export interface GeminiFunctionDeclaration {
  name: string
  description?: string
  parameters?: JsonObject
  parametersJsonSchema?: unknown
}

/** One entry of `tools`. */
export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[]
  [other: string]: unknown
}

/** `toolConfig`. */
export interface GeminiToolConfig {
  functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] }
}

/** `generationConfig.thinkingConfig`. */
export interface GeminiThinkingConfig {
  thinkingBudget?: number
  thinkingLevel?: string
  includeThoughts?: boolean
}

/** `generationConfig`. */
export interface GeminiGenerationConfig {
  temperature?: number
  topP?: number
  topK?: number
  maxOutputTokens?: number
  stopSequences?: string[]
  candidateCount?: number
  seed?: number
  presencePenalty?: number
  frequencyPenalty?: number
  responseMimeType?: string
  responseSchema?: unknown
  responseJsonSchema?: unknown
  thinkingConfig?: GeminiThinkingConfig
  [other: string]: unknown
}

/** The body of `:generateContent` / `:streamGenerateContent`. */
export interface GeminiRequest {
  contents: GeminiContent[]
  systemInstruction?: GeminiContent
  tools?: GeminiTool[]
  toolConfig?: GeminiToolConfig
  safetySettings?: unknown[]
  generationConfig?: GeminiGenerationConfig
  cachedContent?: string
  [other: string]: unknown
}

/** `usageMetadata` of a response or stream chunk (running totals in streams). */
export interface GeminiUsageMetadata {
  promptTokenCount?: number
  cachedContentTokenCount?: number
  candidatesTokenCount?: number
  thoughtsTokenCount?: number
  toolUsePromptTokenCount?: number
  totalTokenCount?: number
}

/** One candidate of a response. */
export interface GeminiCandidate {
  content?: GeminiContent
  finishReason?: string
  finishMessage?: string
  index?: number
  safetyRatings?: unknown[]
}

/** A `GenerateContentResponse` (also each stream chunk). */
export interface GeminiResponse {
  candidates?: GeminiCandidate[]
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string; safetyRatings?: unknown[] }
  usageMetadata?: GeminiUsageMetadata
  modelVersion?: string
  responseId?: string
}

/** The error body `{"error":{code, message, status, details}}`. */
export interface GeminiErrorBody {
  error: {
    code?: number
    message?: string
    status?: string
    details?: Array<{ '@type'?: string; reason?: string; retryDelay?: string; [other: string]: unknown }>
  }
}

/** One model of `GET /v1beta/models`. */
export interface GeminiModel {
  name: string
  baseModelId?: string
  version?: string
  displayName?: string
  description?: string
  inputTokenLimit?: number
  outputTokenLimit?: number
  supportedGenerationMethods?: string[]
  thinking?: boolean
}

/** A page of `GET /v1beta/models`. */
export interface GeminiModelPage {
  models?: GeminiModel[]
  nextPageToken?: string
}
