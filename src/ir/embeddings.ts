/** An embeddings request in the IR: the texts to embed, in order. */
export interface IREmbeddingRequest {
  /** The model the client asked for. */
  model: string
  /** The texts, in order: the answer's vectors follow this order. */
  inputs: string[]
  /** The client sent one text, not a list (an answer for one text is shaped as such). */
  single: boolean
  /** The vector length asked for, for models that can shorten their vectors. */
  dimensions?: number
  /** How the client wants the vectors written: numbers, or the base64 of their float32 bytes. */
  encodingFormat: 'float' | 'base64'
  /** What the vectors are for (`RETRIEVAL_QUERY` …), when the client says. */
  taskType?: string
}

/** An embeddings answer in the IR: one vector per input, in the request's order. */
export interface IREmbeddingResponse {
  vectors: number[][]
  /** The prompt's tokens: the upstream's count, or an estimate when it reports none. */
  inputTokens: number
}
