import type { IncomingMessage, ServerResponse } from 'node:http'

/** What the server adapter passes beside the request: under a Node server, the client's request and response. */
export interface NodeContext {
  req?: IncomingMessage
  res?: ServerResponse
}
