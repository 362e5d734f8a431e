import type { ErrorKind } from '../../ir/errors.ts'
import type { Usage } from '../../ir/usage.ts'

/** What a passthrough learns from one raw SSE frame. */
export interface FrameInfo {
  /** content: past the commit point; meta: may precede it; error: an error inside a 200 stream. */
  kind: 'content' | 'meta' | 'error'
  /** The error's message and kind when `kind` is error. */
  error?: { message: string; kind: ErrorKind; status: number }
  /** Usage seen in this frame, merged over earlier ones. */
  usage?: Partial<Usage>
  /** A usage-only chunk pinai asked for: hidden from a client that did not ask. */
  usageOnly?: boolean
}

/** Reads one protocol's raw frames during a passthrough. */
export type FrameTap = (event: string | undefined, data: string | undefined) => FrameInfo
