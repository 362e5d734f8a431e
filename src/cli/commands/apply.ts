import { basename } from 'node:path'
import { defineCommand } from 'citty'
import picocolors from 'picocolors'
import { loadPinaiConfig } from '../../config/load-config.ts'
import { applyPlan, previewApply } from '../../gitops/apply-plan.ts'
import { confirm } from '../../gitops/cli/confirm.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { planArgs, planRequestFromArgs } from '../../gitops/cli/plan-args.ts'
import { printProgress } from '../../gitops/cli/print-progress.ts'
import { createPlan } from '../../gitops/create-plan.ts'
import type { Plan } from '../../gitops/plan.ts'
import { forgetLastPlan, lastPlanPath, readPlanFile } from '../../gitops/plan-file.ts'
import { configPath } from '../../config/load-config.ts'
import { existsSync } from 'node:fs'
import { secretLiterals } from '../../gitops/redact-config.ts'
import { colorDiff, renderSummary } from '../../gitops/render-plan.ts'

/**
 * `pinai apply [plan.json]`: applies a saved plan, or makes one with the same options as `pinai plan`,
 * shows it and asks; the result is validated and written atomically.
 */
export default defineCommand({
  meta: { name: 'apply', description: 'apply a plan to the config file (a saved plan, or one made now with the plan options), after asking' },
  args: {
    plan: { type: 'positional', required: false, description: 'a plan saved by `pinai plan --out`' },
    'auto-approve': { type: 'boolean', description: 'apply without asking' },
    ...planArgs,
  },
  async run({ args }) {
    const write = (text: string) => process.stdout.write(`${text}\n`)
    try {
      let plan: Plan
      let secrets: ReadonlyMap<string, string> | undefined
      let literalSecrets: string[] = []
      // A bare `pinai apply` applies the plan `pinai plan` last showed, when there is one.
      const planOptions = args.import !== undefined || args.provider !== undefined || args.rename === true
      const lastPlan = lastPlanPath(configPath({ file: args.config }))
      const planFile = args.plan ?? (!planOptions && existsSync(lastPlan) ? lastPlan : undefined)
      if (planFile) {
        plan = await readPlanFile(planFile)
        const current = await loadPinaiConfig({ file: plan.configFile }).catch(() => undefined)
        literalSecrets = current ? secretLiterals(current.source) : []
        const preview = await previewApply(plan, { prune: args.prune, literalSecrets })
        if (preview.diff) write(colorDiff(preview.diff, picocolors))
        write(renderSummary({ ...plan, prune: plan.prune || Boolean(args.prune), changed: plan.changed || preview.diff !== '' }, picocolors))
      } else {
        const made = await createPlan(await planRequestFromArgs(args, printProgress(picocolors)))
        plan = made.plan
        secrets = made.secrets
        if (plan.diff) write(colorDiff(plan.diff, picocolors))
        write(renderSummary(plan, picocolors))
      }
      if (!plan.changed && !(args.prune && plan.pruneEdits.length > 0)) {
        process.exitCode = plan.problems.length > 0 ? 1 : 0
        return
      }
      const file = basename(plan.configFile)
      if (!args['auto-approve'] && !(await confirm(`\nApply these changes to ${file}? Type yes to apply: `))) {
        write('Not applied.')
        process.exitCode = 1
        return
      }
      const result = await applyPlan(plan, { prune: args.prune, secrets, literalSecrets })
      await forgetLastPlan(plan.configFile)
      const variables = result.envAdded.length ? ` and ${result.envAdded.length} new variable(s) to .env (${result.envAdded.join(', ')})` : ''
      write(`${picocolors.green('✓')} Applied to ${file}${variables}. A running gateway reloads it; commit ${file} to keep it.`)
      process.exitCode = plan.problems.length > 0 ? 1 : 0
    } catch (error) {
      process.stderr.write(`${picocolors.red('✗')} ${describeError(error)}\n`)
      process.exitCode = 1
    }
  },
})
