import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServerAdapter } from '@whatwg-node/server'
import type { ConfigHolder } from '../config/config-holder.ts'
import { createHealth, createKeyLimits, routingDefaults, SessionAffinity, type Health } from '../routing/index.ts'
import { createHttpClient, type HttpClient } from '../upstream/http-client.ts'
import type { GatewayDeps, Logger } from './gateway-deps.ts'
import { buildState, type GatewayState } from './gateway-state.ts'
import type { RecordSink } from './request-log.ts'
import type { RequestRecord } from '../store/request-record.ts'
import type { Recorder, Store } from '../store/index.ts'
import type { NodeContext } from './node-context.ts'
import { createRouter } from './router.ts'
import { RequestTracker } from './request-tracker.ts'
import { createGatewayMetrics } from './gateway-metrics.ts'
import { formatAccessLine } from './format-access-line.ts'
import { observeRecords } from './observe-records.ts'
import { ClientLimiter } from './client-limits.ts'
import { createFoldingLog } from '../log/create-folding-log.ts'
import { escapeControl } from '../log/escape-control.ts'
import { GatewayError } from '../ir/errors.ts'
import { MIN_REDACTABLE } from '../config/redactor.ts'
import { createConfigAdmin } from '../gitops/config-admin.ts'
import { createCodecs } from '../protocols/index.ts'
import { CodecWarnings } from './codec-warnings.ts'

/** Bodies above this size get their connection closed when answered unread (ordinary requests are smaller). */
const LARGE_BODY = 1024 * 1024

/** Says, once per loaded config, how many of its secrets are too short to be found in an upstream's message. */
function warnShortSecrets(state: GatewayState, logger: Logger): void {
  const count = state.redact.unsafe.length
  if (count === 0) return
  logger.warn(
    `${count} key(s) or token(s) in the config are shorter than ${MIN_REDACTABLE} characters: pinai cannot find them in upstream messages to redact them (fine for a local server's placeholder key)`,
  )
}

/** What a stream still open at the end of the shutdown grace period is told. */
function shuttingDown(): GatewayError {
  return new GatewayError({
    kind: 'overloaded',
    status: 503,
    code: 'shutting_down',
    message: 'pinai is shutting down; the answer was cut at the end of the shutdown grace period',
  })
}
/** Options of {@link createGateway}. */
export interface GatewayOptions {
  holder: Pick<ConfigHolder, 'current' | 'lastError'> & Partial<Pick<ConfigHolder, 'reload'>>
  /** The request log and its statistics (the recorder is also the record sink). */
  stats?: { store: Store; recorder: Recorder }
  /** Where records go when there is no `stats` (tests). */
  sink?: RecordSink
  http?: HttpClient
  health?: Health
  now?: () => number
  random?: () => number
  logger?: Logger
}

/** A running or runnable gateway: a fetch handler, and a Node server on demand. */
export interface Gateway {
  /** The WHATWG fetch handler (tests call it without a socket). */
  fetch(request: Request): Promise<Response>
  /** Starts a Node HTTP server; resolves with its URL. */
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>
  readonly health: Health
  /**
   * Stops the server (if any): no new connections, requests and streams in flight finish for `graceMs`;
   * streams still open then get an error event in their protocol; resolves once every request's record
   * has reached the sink, and the upstream pools are closed.
   */
  close(graceMs?: number): Promise<void>
}

/** Assembles the gateway from a config holder (hot reload: each request reads the current config). */
export function createGateway(options: GatewayOptions): Gateway {
  const now = options.now ?? Date.now
  const random = options.random ?? Math.random
  const sink = options.logger ?? { info: console.log, warn: console.warn, error: console.error }
  // buildState gives health the config's cooldown bounds, now and on every reload.
  const health =
    options.health ??
    createHealth({ now, cooldownBase: routingDefaults.cooldownBase, cooldownMax: routingDefaults.cooldownMax })
  const http = options.http ?? createHttpClient()
  // Like health, the keys' rpm windows and running attempts outlive a config reload.
  const keyLimits = createKeyLimits({ now })
  let state: GatewayState = buildState(options.holder.current, health, random, now, keyLimits)
  // Every line the gateway logs: without the current config's secrets, control characters escaped,
  // warnings and errors that repeat folded into one line a minute.
  const redact = (text: string) => state.redact(text)
  const logger: Logger = {
    info: (message) => sink.info(escapeControl(redact(message))),
    warn: createFoldingLog({ write: (line) => sink.warn(line), redact }),
    error: createFoldingLog({ write: (line) => sink.error(line), redact }),
  }
  warnShortSecrets(state, logger)
  const recorder = options.stats?.recorder
  const metrics = createGatewayMetrics({
    health,
    keyLimits,
    channels: () => state.table.all(),
    knownModel: (name) => state.table.channels(name).length > 0,
    recorderStatus: recorder && (() => recorder.status()),
  })
  // Metrics and the access log read each request's written record; `info` lines are never folded.
  const accessLog = (record: RequestRecord) => {
    if (state.config.server.accessLog !== false) logger.info(formatAccessLine(record))
  }
  // The client limiter corrects its token estimates with the usage each record reports.
  const clientLimits = new ClientLimiter({ now })
  const tracker = new RequestTracker(
    observeRecords(recorder ?? options.sink, [metrics.observe, accessLog, clientLimits.observe]),
  )
  const codecWarnings = new CodecWarnings(logger)
  const deps: GatewayDeps = {
    state() {
      // Swap in a new state only when the holder has a new config; a request keeps the one it read.
      if (state.loaded !== options.holder.current) {
        state = buildState(options.holder.current, health, random, now, keyLimits)
        warnShortSecrets(state, logger)
      }
      return state
    },
    holder: options.holder,
    http,
    health,
    affinity: new SessionAffinity({ now }),
    sink: tracker,
    stats: options.stats,
    configAdmin: createConfigAdmin({ holder: options.holder }),
    now,
    clientLimits,
    logger,
    codecs: createCodecs({ logger: codecWarnings }),
    codecWarnings,
    metrics,
    listenHost: () => listenHost,
  }
  const router = createRouter(deps)
  const adapter = createServerAdapter<NodeContext>((request, context) => router.fetch(request, context))
  let server: Server | undefined
  let closing = false
  let listenHost: string | undefined
  return {
    fetch: (request) => Promise.resolve(adapter.fetch(request)),
    health,
    listen(port, host) {
      listenHost = host && host !== '0.0.0.0' && host !== '::' ? host : undefined
      // eslint-disable-next-line @typescript-eslint/no-misused-promises -- the adapter answers its own errors
      server = createServer(adapter)
      server.keepAliveTimeout = 65_000
      // While shutting down, a kept-alive connection takes no further request after the one it carries.
      server.on('request', (request: IncomingMessage, response: ServerResponse) => {
        if (closing && !response.headersSent) response.shouldKeepAlive = false
        // An answer given before a large or chunked body was read (a 413) ends the connection: Node
        // would otherwise go on reading, and discarding, an upload that may never end.
        if (
          request.headers['transfer-encoding'] !== undefined ||
          Number(request.headers['content-length'] ?? 0) > LARGE_BODY
        ) {
          // Taken now: the request lets go of its socket once the answer is out.
          const socket = request.socket
          response.once('finish', () => {
            if (!request.complete) socket.destroySoon()
          })
        }
      })
      const listening = server
      return new Promise((resolve, reject) => {
        listening.once('error', reject)
        listening.listen(port, host, () => {
          const address = listening.address() as AddressInfo
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address
          resolve({ server: listening, url: `http://${shownHost}:${address.port}` })
        })
      })
    },
    async close(graceMs = 2000) {
      closing = true
      if (server) {
        const listening = server
        const closed = new Promise<void>((resolve) => listening.close(() => resolve()))
        // A kept-alive connection is closed as soon as its last answer is out, not at the end of the grace.
        listening.closeIdleConnections()
        const idle = setInterval(() => listening.closeIdleConnections(), 50)
        const timer = setTimeout(() => {
          tracker.interruptStreams(shuttingDown())
          // The error events go out before the connections are cut.
          setTimeout(() => listening.closeAllConnections(), 250).unref()
        }, graceMs)
        await closed
        clearTimeout(timer)
        clearInterval(idle)
      }
      // The last streams' records are written a moment after their sockets close.
      await tracker.settled(5_000)
      await http.close()
    },
  }
}
