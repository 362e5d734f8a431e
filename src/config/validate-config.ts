import * as v from 'valibot'
import { joinPath, type ConfigIssue } from './config-error.ts'
import { configSchema, type PinaiConfig } from './schema.ts'
import { presetNames } from './rewrite-rule.ts'
import { parseStoreUrl } from '../store/open-store.ts'

type Issue = v.BaseIssue<unknown>

type PathItem = NonNullable<Issue['path']>[number]

const pathOf = (issue: Issue): string => joinPath((issue.path ?? []).map((item) => item.key as string | number))

/** A union's branch issues carry paths relative to the union's value: make them whole. */
function underParent(parent: Issue, nested: Issue): Issue {
  const parentPath: readonly PathItem[] = parent.path ?? []
  const own: readonly PathItem[] = nested.path ?? []
  const last = parentPath.at(-1)
  const relative = parentPath.length > 0 && (own.length === 0 || (last !== undefined && own[0]?.input === last.value))
  return relative ? ({ ...nested, path: [...parentPath, ...own] } as Issue) : nested
}

/** "Expected Object but received …": a branch of another type, not what the user meant. */
const isTypeMismatch = (issue: Issue) => issue.kind === 'schema' && issue.message.startsWith('Invalid type')

/**
 * The most specific issues under a union: the branch that got deepest into the value; at equal
 * depth, a branch that took the value's type (a preset name's own message, not "expected Object").
 */
function leaves(issue: Issue): Issue[] {
  const nested = (issue.issues ?? []).map((candidate) => underParent(issue, candidate))
  if (nested.length === 0) return [issue]
  const depth = (candidate: Issue) => candidate.path?.length ?? 0
  const deepest = Math.max(...nested.map(depth))
  if (deepest > depth(issue)) return nested.filter((candidate) => depth(candidate) === deepest).flatMap(leaves)
  const meant = nested.filter((candidate) => !isTypeMismatch(candidate))
  return meant.length > 0 ? meant.flatMap(leaves) : [issue]
}

function messageOf(issue: Issue): string {
  if (issue.expected === 'never') return 'unknown key (is it misspelled?)'
  if (issue.kind === 'schema' && issue.received === 'undefined') return `missing (expected ${issue.expected})`
  return issue.message.replace(/^Invalid (\w+): /, '')
}

const recordOf = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [])
const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** A storage URL the gateway could not open; the message names the scheme only (the URL may hold a password). */
function storageIssue(storage: unknown): ConfigIssue | undefined {
  const url = typeof storage === 'string' ? storage : textOf(recordOf(storage).url)
  if (url === undefined || url === '') return undefined
  try {
    parseStoreUrl(url)
    return undefined
  } catch (error) {
    return {
      path: typeof storage === 'string' ? 'storage' : 'storage.url',
      message: (error as Error).message.replace(/^storage: /, ''),
    }
  }
}

/**
 * Checks that need the whole config: unique names, pipelines that exist, a storage URL that opens.
 * They read the value defensively, so they run even when the schema found
 * problems: every problem is reported at once.
 */
function crossCheck(input: unknown): ConfigIssue[] {
  const config = recordOf(input)
  const issues: ConfigIssue[] = []
  const storage = storageIssue(config.storage)
  if (storage) issues.push(storage)
  const pipelines = recordOf(config.rewrite)
  const seen = new Set<string>()
  arrayOf(config.providers).forEach((item, index) => {
    const provider = recordOf(item)
    const name = textOf(provider.name)
    if (name !== undefined && seen.has(name))
      issues.push({ path: `providers[${index}].name`, message: `"${name}" is used by another provider` })
    if (name !== undefined) seen.add(name)
    const pipeline = textOf(provider.rewrite)
    if (pipeline && !(pipeline in pipelines) && !(presetNames as readonly string[]).includes(pipeline)) {
      issues.push({ path: `providers[${index}].rewrite`, message: `no rename pipeline named "${pipeline}" in rewrite` })
    }
  })
  const clients = new Set<string>()
  arrayOf(recordOf(config.auth).clients).forEach((item, index) => {
    const client = recordOf(item)
    const name = textOf(client.name)
    if (name !== undefined && clients.has(name))
      issues.push({ path: `auth.clients[${index}].name`, message: `"${name}" is used by another client` })
    if (name !== undefined) clients.add(name)
    if (client.token === '') issues.push({ path: `auth.clients[${index}].token`, message: 'must not be empty' })
  })
  return issues
}

/** Validates a resolved config object; returns it with defaults, or every problem with its path. */
export function validateConfig(input: unknown): { config?: PinaiConfig; issues: ConfigIssue[] } {
  const result = v.safeParse(configSchema, input)
  const schemaIssues = result.success
    ? []
    : result.issues.flatMap(leaves).map((issue) => ({ path: pathOf(issue), message: messageOf(issue) }))
  const issues = [...schemaIssues, ...crossCheck(input)]
  const unique = [...new Map(issues.map((issue) => [`${issue.path}\u0000${issue.message}`, issue])).values()]
  return result.success && unique.length === 0 ? { config: result.output, issues: [] } : { issues: unique }
}
