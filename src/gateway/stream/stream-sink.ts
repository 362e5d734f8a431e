/** What a relay hears back from the sink it writes to. */
export interface SinkWriter {
  /** The client has read what waited: the upstream may go on. */
  resume(): void
  /** The client left before the end: the upstream is cut. */
  clientLeft(): void
}

/**
 * Where a committed stream's text goes, from its commit point on: the client's Node response
 * (`NodeResponseSink`) or a Readable under a `Response` (`ReadableSink`). The relay writes here and
 * never knows which.
 */
export interface StreamSink {
  /** Writes `text`; false when the client is behind (the relay pauses the upstream until `resume`). */
  write(text: string): boolean
  /** The stream is over: the client's answer ends. */
  end(): void
}

/** At a relay's commit point: the sink that takes the stream from now on, told who writes to it. */
export type OpenSink = (writer: SinkWriter) => StreamSink
