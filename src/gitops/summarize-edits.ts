import { entryId, entryName, type ConfigEdit } from './config-edit.ts'
import type { ProviderPlan } from './plan.ts'

/** A summary line per provider touched by explicit edits (the dashboard's). */
export function summarizeEdits(edits: readonly ConfigEdit[]): ProviderPlan[] {
  const byName = new Map<string, ProviderPlan>()
  for (const edit of edits) {
    if (edit.op === 'set-pipeline') continue
    const name = editedProvider(edit)
    const plan = byName.get(name) ?? { provider: name, action: 'edit', added: [], removed: [], renamed: [], notes: [] }
    byName.set(name, plan)
    const models =
      edit.op === 'add-models' ? edit.models : edit.op === 'add-provider' ? (edit.provider.models ?? []) : []
    plan.added.push(...models.map((model) => ({ id: entryId(model), name: entryName(model) })))
    if (edit.op === 'remove-models') plan.removed.push(...edit.ids)
    if (edit.op === 'rename-model') plan.renamed.push({ id: edit.id, from: edit.id, to: edit.name ?? edit.id })
    if (edit.op === 'add-provider') plan.notes.push('new provider')
    if (edit.op === 'remove-provider') plan.notes.push('provider removed')
    if (edit.op === 'set-provider') plan.notes.push(`sets ${Object.keys(edit.fields).join(', ')}`)
  }
  return [...byName.values()]
}

/** The provider an edit is about. */
export function editedProvider(edit: Exclude<ConfigEdit, { op: 'set-pipeline' }>): string {
  return edit.op === 'add-provider' ? edit.provider.name : edit.provider
}
