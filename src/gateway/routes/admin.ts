import { Response } from '@whatwg-node/server'
import type { RouterType } from 'itty-router'
import type { NodeContext } from '../node-context.ts'
import { GatewayError } from '../../ir/errors.ts'
import { channelStatesOf } from '../../routing/index.ts'
import { getLog, listLogs, statsLive, statsOverview, statsSeries, statsTop } from '../../store/index.ts'
import { authenticateAdmin, isOpen } from '../auth.ts'
import type { GatewayDeps } from '../gateway-deps.ts'
import { readJsonObject } from '../read-request-json.ts'
import { testChannel } from '../test-channel.ts'

type Handler = (request: Request & { params?: Record<string, string> }) => unknown

/** The admin API under `/api/` (admin token): channel health, config (view, plan, apply), statistics and logs. */
export function mountAdmin(router: RouterType<Request, [NodeContext | undefined], Response>, deps: GatewayDeps): void {
  const admin = (handler: Handler) => async (request: Request) => {
    const state = deps.state()
    authenticateAdmin(state.config, request.headers)
    // Whatever an answer gathered (an upstream's message in a log, a plan's text), no secret leaves in it.
    return new Response(state.redact(JSON.stringify(await handler(request))), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }
  const stats = () => {
    if (!deps.stats)
      throw new GatewayError({
        kind: 'upstream',
        status: 503,
        code: 'storage_off',
        message: 'the request log is not enabled',
      })
    return deps.stats
  }
  const query = (request: Request) => new URL(request.url).searchParams
  router
    .get(
      '/api/health',
      admin(() => ({
        open: isOpen(deps.state().config),
        channels: channelStatesOf(deps.health, deps.state().keyLimits, deps.state().table.all()),
      })),
    )
    .get(
      '/api/config',
      admin(() => deps.configAdmin.getConfig()),
    )
    .post(
      '/api/config/plan',
      admin(async (request) => deps.configAdmin.plan(await readJsonObject(request, 4 * 1024 * 1024))),
    )
    .post(
      '/api/config/apply',
      admin(async (request) => deps.configAdmin.apply(await readJsonObject(request, 64 * 1024))),
    )
    .post(
      '/api/config/models',
      admin(async (request) => deps.configAdmin.fetchModels(await readJsonObject(request, 64 * 1024))),
    )
    .post(
      '/api/config/rewrite',
      admin(async (request) => deps.configAdmin.previewRewrite(await readJsonObject(request, 4 * 1024 * 1024))),
    )
    .get(
      '/api/config/status',
      admin(() => {
        const { current, lastError } = deps.holder
        return { file: current.file, loadedAt: current.loadedAt, lastError: lastError ?? null }
      }),
    )
    .post(
      '/api/channels/test',
      admin(async (request) => testChannel(deps, await readJsonObject(request, 64 * 1024))),
    )
    .get(
      '/api/stats/live',
      admin(() => statsLive(stats().recorder)),
    )
    .get(
      '/api/stats/overview',
      admin((request) => statsOverview(stats().store, query(request), deps.now())),
    )
    .get(
      '/api/stats/series',
      admin((request) => statsSeries(stats().store, query(request), deps.now())),
    )
    .get(
      '/api/stats/top',
      admin((request) => statsTop(stats().store, query(request), deps.now())),
    )
    .get(
      '/api/logs',
      admin((request) => listLogs(stats().store, query(request))),
    )
    .get(
      '/api/logs/:id',
      admin((request) => getLog(stats().store, request.params?.id ?? '')),
    )
}
