import type picocolors from 'picocolors'
import type { Plan, ProviderPlan } from './plan.ts'

/** Colour functions (picocolors, enabled or not). */
export type Colors = ReturnType<typeof picocolors.createColors>

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** Colours a unified diff: additions green, removals red, hunk headers cyan. */
export function colorDiff(diff: string, colors: Colors): string {
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('===')) return colors.bold(line)
      if (line.startsWith('+')) return colors.green(line)
      if (line.startsWith('-')) return colors.red(line)
      if (line.startsWith('@@')) return colors.cyan(line)
      return line
    })
    .join('\n')
}

/** Names a list of models, the first few only. */
function listNames(ids: readonly string[], shown = 8): string {
  const head = ids.slice(0, shown).join(', ')
  return ids.length > shown ? `${head} and ${ids.length - shown} more` : head
}

/** The closing line of a plan that changes nothing: why, honestly. */
function unchangedLine(plan: Plan): string {
  if (plan.problems.length > 0) return `No changes made: ${count(plan.problems.length, 'problem')} above.`
  const gone = plan.providers.reduce((sum, provider) => sum + provider.removed.length, 0)
  if (gone > 0)
    return `No changes to the config, but ${count(gone, 'model')} gone upstream ${gone === 1 ? 'is' : 'are'} kept (--prune removes ${gone === 1 ? 'it' : 'them'}).`
  if (plan.providers.some((provider) => provider.action === 'sync'))
    return 'No changes. The config matches the upstreams.'
  return 'No changes.'
}

function providerLine(provider: ProviderPlan, plan: Plan, colors: Colors): string {
  const parts: string[] = []
  if (provider.action === 'import') {
    const variables = plan.env
      .filter((addition) => addition.provider === provider.provider)
      .map((addition) => addition.name)
    parts.push(
      colors.green('new provider') + (variables.length ? ` (keys in .env as ${variables.join(', ')})` : ' (no keys)'),
    )
  }
  if (provider.action === 'unchanged-import')
    parts.push(colors.dim(provider.notes.join('; ') || 'already in the config'))
  if (provider.action === 'edit') parts.push(...provider.notes)
  if (provider.added.length) parts.push(colors.green(`+${count(provider.added.length, 'model')}`))
  if (provider.renamed.length) parts.push(colors.yellow(`~${provider.renamed.length} renamed`))
  if (provider.removed.length) {
    const names = listNames(provider.removed)
    parts.push(
      plan.prune
        ? colors.red(`-${provider.removed.length} gone upstream: ${names}`)
        : colors.yellow(`${provider.removed.length} gone upstream (kept; --prune removes them): ${names}`),
    )
  }
  if (provider.error) parts.push(colors.red(`✗ ${provider.error}`))
  if (parts.length === 0) parts.push(colors.dim('no changes'))
  const notes = (provider.action === 'sync' || provider.action === 'import' ? provider.notes : []).map(
    (note) => `\n    ${colors.dim(`note: ${note}`)}`,
  )
  return `  ${colors.bold(provider.provider)}: ${parts.join(', ')}${notes.join('')}`
}

/** The plan's summary for people: one line per provider, the problems, and a total. */
export function renderSummary(plan: Plan, colors: Colors): string {
  const lines: string[] = []
  if (plan.providers.length > 0) lines.push(...plan.providers.map((provider) => providerLine(provider, plan, colors)))
  if (plan.problems.length > 0) {
    lines.push('', colors.red(colors.bold('Problems:')))
    lines.push(...plan.problems.map((problem) => `  ${problem.where}: ${problem.message}`))
  }
  const added = plan.providers.reduce((sum, provider) => sum + provider.added.length, 0)
  const renamed = plan.providers.reduce((sum, provider) => sum + provider.renamed.length, 0)
  const removed = plan.prune ? plan.providers.reduce((sum, provider) => sum + provider.removed.length, 0) : 0
  const imported = plan.providers.filter((provider) => provider.action === 'import').length
  const totals = [
    imported ? count(imported, 'new provider') : '',
    added ? `${count(added, 'model')} added` : '',
    renamed ? `${renamed} renamed` : '',
    removed ? `${removed} removed` : '',
    plan.env.length ? `${count(plan.env.length, 'new variable')} in .env` : '',
  ].filter(Boolean)
  lines.push(
    '',
    colors.bold(plan.changed ? `Plan: ${totals.join(', ') || 'changes to the config'}.` : unchangedLine(plan)),
  )
  return lines.join('\n')
}
