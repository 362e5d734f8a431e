import { basename } from 'node:path'
import { applyPlan } from '../gitops/apply-plan.ts'
import { confirm } from '../gitops/cli/confirm.ts'
import type { Plan } from '../gitops/plan.ts'
import { forgetLastPlan } from '../gitops/plan-file.ts'
import { colors } from './colors.ts'
import { printLine } from './redact-output.ts'

/** Options of {@link applyReviewed}. */
export interface ApplyReviewedOptions {
  autoApprove?: boolean
  prune?: boolean
  /** Values of the plan's new `.env` variables held by this process (else re-read from the CSV). */
  secrets?: ReadonlyMap<string, string>
  literalSecrets?: readonly string[]
}

/**
 * Applies a plan that was just shown: asks first unless `autoApprove` (refusing without a terminal),
 * then writes the config and `.env`. Sets the exit code as `pinai apply` documents it: 0 applied or
 * nothing to do, 1 refused, declined or with problems.
 */
export async function applyReviewed(plan: Plan, options: ApplyReviewedOptions = {}): Promise<void> {
  if (!plan.changed && !(options.prune && plan.pruneEdits.length > 0)) {
    process.exitCode = plan.problems.length > 0 ? 1 : 0
    return
  }
  const file = basename(plan.configFile)
  if (!options.autoApprove && !(await confirm(`\nApply these changes to ${file}? Type yes to apply: `))) {
    printLine('Not applied.')
    process.exitCode = 1
    return
  }
  const result = await applyPlan(plan, {
    prune: options.prune,
    secrets: options.secrets,
    literalSecrets: options.literalSecrets,
  })
  await forgetLastPlan(plan.configFile)
  const variables = result.envAdded.length
    ? ` and ${result.envAdded.length} new variable(s) to .env (${result.envAdded.join(', ')})`
    : ''
  printLine(
    `${colors.green('✓')} Applied to ${file}${variables}. A running gateway reloads it; commit ${file} to keep it.`,
  )
  process.exitCode = plan.problems.length > 0 ? 1 : 0
}
