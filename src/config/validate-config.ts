import * as v from 'valibot'
import { joinPath, type ConfigIssue } from './config-error.ts'
import { configSchema, type PinaiConfig } from './schema.ts'
import { presetNames } from './rewrite-rule.ts'

type Issue = v.BaseIssue<unknown>

const pathOf = (issue: Issue): string => joinPath((issue.path ?? []).map((item) => item.key as string | number))

/** The most specific issues under a union: the branch that got deepest into the value. */
function leaves(issue: Issue): Issue[] {
  const nested = issue.issues
  if (!nested || nested.length === 0) return [issue]
  const depth = (candidate: Issue) => candidate.path?.length ?? 0
  const deepest = Math.max(...nested.map(depth))
  if (deepest <= depth(issue)) return [issue]
  return nested.filter((candidate) => depth(candidate) === deepest).flatMap(leaves)
}

function messageOf(issue: Issue): string {
  if (issue.expected === 'never') return 'unknown key (is it misspelled?)'
  if (issue.kind === 'schema' && issue.received === 'undefined') return `missing (expected ${issue.expected})`
  return issue.message.replace(/^Invalid (\w+): /, '')
}

/** Checks that need the whole config: unique names, pipelines that exist. */
function crossCheck(config: PinaiConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = []
  const seen = new Set<string>()
  config.providers.forEach((provider, index) => {
    if (seen.has(provider.name)) issues.push({ path: `providers[${index}].name`, message: `"${provider.name}" is used by another provider` })
    seen.add(provider.name)
    const pipeline = provider.rewrite
    if (pipeline && !(pipeline in config.rewrite) && !(presetNames as readonly string[]).includes(pipeline)) {
      issues.push({ path: `providers[${index}].rewrite`, message: `no rename pipeline named "${pipeline}" in rewrite` })
    }
  })
  const clients = new Set<string>()
  config.auth.clients.forEach((client, index) => {
    if (clients.has(client.name)) issues.push({ path: `auth.clients[${index}].name`, message: `"${client.name}" is used by another client` })
    clients.add(client.name)
    if (!client.token) issues.push({ path: `auth.clients[${index}].token`, message: 'must not be empty' })
  })
  return issues
}

/** Validates a resolved config object; returns it with defaults, or every problem with its path. */
export function validateConfig(input: unknown): { config?: PinaiConfig; issues: ConfigIssue[] } {
  const result = v.safeParse(configSchema, input)
  if (!result.success) {
    const issues = result.issues.flatMap(leaves).map((issue) => ({ path: pathOf(issue), message: messageOf(issue) }))
    const unique = new Map(issues.map((issue) => [`${issue.path}\u0000${issue.message}`, issue]))
    return { issues: [...unique.values()] }
  }
  const issues = crossCheck(result.output)
  return issues.length > 0 ? { issues } : { config: result.output, issues }
}
