import { groupMultiselect, isCancel } from '@clack/prompts'
import type { ModelOffer } from '../gitops/model-filter.ts'

// Option values join a provider and an upstream id with a character neither can hold.
const SEPARATOR = '\u0000'

/** Whether the user is at a terminal to pick from (the picker draws on standard error). */
export function canPick(): boolean {
  return Boolean(process.stdin.isTTY && process.stderr.isTTY)
}

/**
 * Asks which new models to take, grouped by provider, all ticked to begin with (space toggles, a
 * provider's line toggles all of its models, enter confirms). Throws when the user cancels.
 */
export async function pickModels(offers: readonly ModelOffer[]): Promise<Map<string, Set<string>>> {
  const options = Object.fromEntries(
    offers.map(({ provider, models }) => [
      provider,
      models.map((model) => ({
        value: `${provider}${SEPARATOR}${model.id}`,
        label: model.id,
        hint: model.name === model.id ? undefined : `as ${model.name}`,
      })),
    ]),
  )
  const answer = await groupMultiselect<string>({
    message: 'New models upstream: which to take?',
    options,
    initialValues: Object.values(options).flatMap((items) => items.map((item) => item.value)),
    required: false,
    output: process.stderr,
  })
  if (isCancel(answer)) throw new Error('cancelled: nothing planned')
  const chosen = new Map<string, Set<string>>()
  for (const value of answer) {
    const [provider = '', id = ''] = value.split(SEPARATOR)
    chosen.set(provider, (chosen.get(provider) ?? new Set()).add(id))
  }
  return chosen
}
