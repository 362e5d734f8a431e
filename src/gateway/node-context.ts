import type { ServerResponse } from 'node:http'

/** What the server adapter passes beside the request: under a Node server, the client's response. */
export interface NodeContext {
  res?: ServerResponse
}
