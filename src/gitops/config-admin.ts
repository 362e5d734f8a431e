import { randomUUID } from 'node:crypto'
import { access, constants } from 'node:fs/promises'
import { dirname } from 'node:path'
import picocolors from 'picocolors'
import * as v from 'valibot'
import type { ConfigHolder } from '../config/config-holder.ts'
import { GatewayError } from '../ir/errors.ts'
import type { PlanResult } from './create-plan.ts'
import { planBodySchema } from './edit-schema.ts'
import type { Plan } from './plan.ts'
import { redactConfig, secretLiterals } from './redact-config.ts'

/** The holder as the gateway shares it; `reload` (when present) is called after a write. */
export type AdminHolder = Pick<ConfigHolder, 'current' | 'lastError'> & { reload?: () => Promise<boolean> }

/** Options of {@link createConfigAdmin}. */
export interface ConfigAdminOptions {
  holder: AdminHolder
  env?: Record<string, string | undefined>
  fetch?: typeof fetch
  now?: () => number
  /** How long a plan can be applied after it was made (default 30 minutes). */
  planTtlMs?: number
  /** Whether the config file can be written (default: the file and its folder are writable). */
  isWritable?: (file: string) => Promise<boolean>
}

/** A plan as the admin API returns it: no secret, and an id to apply it by. */
export interface PlanResponse {
  planId: string
  expiresAt: number
  changed: boolean
  diff: string
  providers: Plan['providers']
  problems: Plan['problems']
  /** The summary as `pinai plan` prints it, without colours. */
  summary: string
  /** Names of the variables apply will add to `.env` (values stay on the server). */
  env: string[]
}

/** The 409 answer when the config file is read-only: the patch to copy, and the variables to set. */
export class ConfigNotWritableError extends GatewayError {
  /** JSON-able details for the response body: `{ patch, env }`. */
  readonly details: { patch: string; env: string[] }

  constructor(file: string, details: { patch: string; env: string[] }) {
    super({
      kind: 'invalid_request',
      status: 409,
      code: 'config_read_only',
      message: `${file} is not writable here; apply the patch by hand`,
    })
    this.details = details
  }
}

const invalid = (message: string, code = 'invalid_request') =>
  new GatewayError({ kind: 'invalid_request', status: 400, code, message })

function parseBody<T>(schema: v.GenericSchema<unknown, T>, body: unknown): T {
  const result = v.safeParse(schema, body)
  if (result.success) return result.output
  const issue = result.issues[0]
  const path = (issue.path ?? []).map((item) => String(item.key)).join('.')
  throw invalid(`${path ? `${path}: ` : ''}${issue.message}`)
}

async function writable(file: string): Promise<boolean> {
  try {
    await access(file, constants.W_OK)
    await access(dirname(file), constants.W_OK)
    return true
  } catch {
    return false
  }
}

/**
 * The config part of the admin API, as plain functions the gateway mounts under `/api/config`:
 * the redacted config, plans (edits, a sync, an import) and applying them. Plans and the key values
 * they need live in this process's memory only.
 */
export function createConfigAdmin(options: ConfigAdminOptions) {
  const plans = new Map<string, PlanResult & { expiresAt: number }>()
  const now = options.now ?? Date.now
  const ttl = options.planTtlMs ?? 30 * 60_000
  const forget = () => {
    for (const [id, entry] of plans) if (entry.expiresAt <= now()) plans.delete(id)
  }
  const gitops = () => import('./index.ts')
  // One write at a time: two applies must not both pass the stale check and then both write.
  let writing: Promise<unknown> = Promise.resolve()
  const serialize = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writing.then(work, work)
    writing = run.catch(() => undefined)
    return run
  }

  const applyById = async (planId: string) => {
    forget()
    const entry = plans.get(planId)
    if (!entry)
      throw new GatewayError({
        kind: 'not_found',
        status: 404,
        code: 'plan_not_found',
        message: 'no such plan (plans expire; make it again)',
      })
    const { applyPlan, previewApply, StalePlanError } = await gitops()
    try {
      const literalSecrets = secretLiterals(options.holder.current.source)
      if (!(await (options.isWritable ?? writable)(entry.plan.configFile))) {
        const preview = await previewApply(entry.plan, { literalSecrets })
        throw new ConfigNotWritableError(entry.plan.configFile, {
          patch: preview.diff,
          env: entry.plan.env.map((addition) => addition.name),
        })
      }
      const result = await applyPlan(entry.plan, { secrets: entry.secrets, env: options.env, literalSecrets })
      plans.delete(planId)
      const reloaded = options.holder.reload ? await options.holder.reload() : undefined
      return { applied: result.changed, file: result.file, diff: result.diff, envAdded: result.envAdded, reloaded }
    } catch (error) {
      if (error instanceof GatewayError) throw error
      if (error instanceof StalePlanError)
        throw new GatewayError({ kind: 'invalid_request', status: 409, code: 'plan_stale', message: error.message })
      throw new GatewayError({
        kind: 'invalid_request',
        status: 422,
        code: 'config_invalid',
        message: (error as Error).message,
        cause: error,
      })
    }
  }

  return {
    /** `GET /api/config`: the config as written, secrets redacted, and the last refused reload. */
    getConfig() {
      const { current, lastError } = options.holder
      return {
        file: current.file,
        loadedAt: current.loadedAt,
        config: redactConfig(current.source),
        lastError: lastError ?? null,
      }
    },

    /** `POST /api/config/plan`: `{ edits?, sync?, import?, rename?, prune? }` → diff, summary and a plan id. */
    async plan(body: unknown): Promise<PlanResponse> {
      const request = parseBody(planBodySchema, body ?? {})
      if (!request.edits?.length && !request.sync && !request.import)
        throw invalid('nothing to plan: give edits, sync or import')
      const { createPlan, renderSummary } = await gitops()
      const result = await createPlan({
        file: options.holder.current.file,
        env: options.env,
        edits: request.edits,
        sync: request.sync ? (request.sync.providers ?? 'all') : undefined,
        import: request.import
          ? { csv: request.import.csv, fetchModels: request.import.fetchModels ?? true }
          : undefined,
        rename: request.rename,
        prune: request.prune,
        fetch: { fetch: options.fetch },
      }).catch((error: unknown) => {
        throw new GatewayError({
          kind: 'invalid_request',
          status: 422,
          code: 'config_invalid',
          message: (error as Error).message,
          cause: error,
        })
      })
      forget()
      const planId = randomUUID()
      const expiresAt = now() + ttl
      plans.set(planId, { ...result, expiresAt })
      const { plan } = result
      const summary = renderSummary(plan, picocolors.createColors(false))
      return {
        planId,
        expiresAt,
        changed: plan.changed,
        diff: plan.diff,
        providers: plan.providers,
        problems: plan.problems,
        summary,
        env: plan.env.map((addition) => addition.name),
      }
    },

    /** `POST /api/config/apply`: `{ planId }` → writes the file, or 409 with the patch when it is read-only. */
    async apply(body: unknown) {
      const { planId } = parseBody(v.strictObject({ planId: v.string() }), body ?? {})
      return serialize(() => applyById(planId))
    },

    /** `POST /api/config/models`: `{ providers? }` → each provider's upstream model ids (for the sync page). */
    async fetchModels(body: unknown) {
      const request = parseBody(v.strictObject({ providers: v.optional(v.array(v.string())) }), body ?? {})
      const config = options.holder.current.config
      const chosen = request.providers
        ? config.providers.filter((provider) => request.providers?.includes(provider.name))
        : config.providers
      const { fetchManyProviders } = await import('../upstream/model-lists/fetch-many-providers.ts')
      const lists = await fetchManyProviders(
        chosen.map((provider) => ({
          name: provider.name,
          protocol: provider.protocol,
          baseUrl: provider.baseUrl,
          keys: provider.keys,
          headers: provider.headers,
        })),
        { fetch: options.fetch },
      )
      return { providers: lists }
    },

    /**
     * `POST /api/config/rewrite`: `{ steps? | pipeline?, provider?, names? }` → each name through the
     * pipeline, step by step (the rename page's live preview; unsaved steps welcome).
     */
    async previewRewrite(body: unknown) {
      const request = parseBody(
        v.strictObject({
          steps: v.optional(v.array(v.unknown())),
          pipeline: v.optional(v.string()),
          provider: v.optional(v.string()),
          names: v.optional(v.array(v.string())),
        }),
        body ?? {},
      )
      const { compilePipeline, findPipeline, providerPipeline, tracePipeline } = await import('../models/index.ts')
      const config = options.holder.current.config
      const provider = request.provider
        ? config.providers.find((candidate) => candidate.name === request.provider)
        : undefined
      if (request.provider && !provider) throw invalid(`no provider named "${request.provider}"`)
      let pipeline
      try {
        pipeline = request.steps
          ? compilePipeline(request.pipeline ?? 'preview', request.steps)
          : request.pipeline
            ? findPipeline(config, request.pipeline)
            : providerPipeline(config, provider ?? {})
      } catch (error) {
        throw invalid((error as Error).message, 'invalid_pipeline')
      }
      if (!pipeline) throw invalid(`no rename pipeline named "${request.pipeline}"`)
      const ids = (provider ? [provider] : config.providers).flatMap((item) =>
        item.models.map((entry) => (typeof entry === 'string' ? entry : entry.id)),
      )
      const names = request.names ?? [...new Set(ids)].slice(0, 500)
      return { pipeline: pipeline.name, names: names.map((name) => tracePipeline(pipeline, name)) }
    },
  }
}

/** The config admin functions. */
export type ConfigAdmin = ReturnType<typeof createConfigAdmin>
