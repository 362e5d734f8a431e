import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseDuration } from '../../config/duration.ts'
import type { FetchProgress } from '../../upstream/model-lists/fetch-many-providers.ts'
import type { PlanRequest } from '../create-plan.ts'
import { hideInOutput } from '../../cli/redact-output.ts'
import { splitList } from '../model-filter.ts'
import { parseImportCsv } from '../parse-import-csv.ts'

/** The options `pinai plan` and `pinai apply` share to say what to plan. */
export const planArgs = {
  config: { type: 'string', description: 'path of the config file (default: PINAI_CONFIG or ./pinai.config.ts)' },
  provider: {
    type: 'string',
    description: 'sync these providers (comma-separated); default all, or none with --import',
  },
  import: { type: 'string', description: 'CSV of new providers: type,name,baseUrl,key[,key…]' },
  rename: { type: 'boolean', description: "name models through each provider's rename pipeline" },
  prune: { type: 'boolean', description: 'remove models that are gone upstream' },
  fetch: {
    type: 'boolean',
    default: true,
    description: 'fetch the model lists of imported providers',
    negativeDescription: 'add imported providers without fetching their models',
  },
  timeout: { type: 'string', default: '30s', description: 'timeout of each model-list request' },
  pause: { type: 'string', default: '0ms', description: 'pause between two keys of one provider (relays rate-limit)' },
  only: {
    type: 'string',
    description:
      "take only the new models matching these globs (comma-separated, e.g. 'gpt-*,*claude*'), by upstream id or name",
  },
  except: { type: 'string', description: 'do not take the new models matching these globs' },
  pick: {
    type: 'boolean',
    default: true,
    description: 'on a terminal, pick the new models to take from a list',
    negativeDescription: 'take every new model without asking',
  },
} as const

/** The parsed values of {@link planArgs}. */
export interface PlanArgValues {
  config?: string
  provider?: string
  import?: string
  rename?: boolean
  prune?: boolean
  fetch?: boolean
  timeout?: string
  pause?: string
  only?: string
  except?: string
}

function duration(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const parsed = parseDuration(/^\d+$/.test(value) ? Number(value) : value)
  if (parsed === undefined) throw new Error(`--${name}: "${value}" is not a duration such as 500ms, 30s or 1m`)
  return parsed
}

/** Turns the command-line options into a plan request (reading the CSV file). */
export async function planRequestFromArgs(args: PlanArgValues, onProgress?: FetchProgress): Promise<PlanRequest> {
  const providers = splitList(args.provider)
  const csvFile = args.import ? resolve(args.import) : undefined
  const csv = csvFile
    ? await readFile(csvFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new Error(`--import: cannot read ${args.import} (${error.code ?? error.message})`)
      })
    : undefined
  if (csv !== undefined) hideInOutput(parseImportCsv(csv).providers.flatMap((provider) => provider.keys))
  return {
    file: args.config,
    sync: providers.length ? providers : csv === undefined ? 'all' : undefined,
    only: splitList(args.only),
    except: splitList(args.except),
    rename: args.rename ?? false,
    prune: args.prune ?? false,
    import: csv === undefined ? undefined : { csv, file: csvFile, fetchModels: args.fetch ?? true },
    fetch: {
      timeoutMs: duration(args.timeout, 'timeout', 30_000),
      pauseMs: duration(args.pause, 'pause', 0),
      onProgress,
    },
  }
}
