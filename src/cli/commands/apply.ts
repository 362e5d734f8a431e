import { existsSync } from 'node:fs'
import { defineCommand } from 'citty'
import { configPath, loadPinaiConfig } from '../../config/load-config.ts'
import { previewApply } from '../../gitops/apply-plan.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { planArgs, planRequestFromArgs } from '../../gitops/cli/plan-args.ts'
import { printProgress } from '../../gitops/cli/print-progress.ts'
import { createPlan } from '../../gitops/create-plan.ts'
import type { Plan } from '../../gitops/plan.ts'
import { lastPlanPath, readPlanFile } from '../../gitops/plan-file.ts'
import { secretLiterals } from '../../gitops/redact-config.ts'
import { colorDiff, renderSummary } from '../../gitops/render-plan.ts'
import { applyReviewed } from '../apply-reviewed.ts'
import { colors, errorColors } from '../colors.ts'
import { canPick, pickModels } from '../pick-models.ts'
import { configSecrets, hideInOutput, printError, printLine } from '../redact-output.ts'

/**
 * `pinai apply [plan.json]`: applies a saved plan, or makes one with the same options as `pinai plan`,
 * shows it and asks; the result is validated and written atomically.
 */
export default defineCommand({
  meta: {
    name: 'apply',
    description: 'apply a plan to the config file (a saved plan, or one made now with the plan options), after asking',
  },
  args: {
    plan: { type: 'positional', required: false, description: 'a plan saved by `pinai plan --out`' },
    'auto-approve': { type: 'boolean', description: 'apply without asking' },
    ...planArgs,
  },
  async run({ args }) {
    try {
      let plan: Plan
      let secrets: ReadonlyMap<string, string> | undefined
      let literalSecrets: string[] = []
      // A bare `pinai apply` applies the plan `pinai plan` last showed, when there is one.
      const planOptions =
        args.import !== undefined ||
        args.provider !== undefined ||
        args.rename === true ||
        args.only !== undefined ||
        args.except !== undefined
      const lastPlan = lastPlanPath(configPath({ file: args.config }))
      const planFile = args.plan ?? (!planOptions && existsSync(lastPlan) ? lastPlan : undefined)
      if (planFile) {
        plan = await readPlanFile(planFile)
        const current = await loadPinaiConfig({ file: plan.configFile }).catch(() => undefined)
        if (current) hideInOutput(configSecrets(current.config))
        literalSecrets = current ? secretLiterals(current.source) : []
        const preview = await previewApply(plan, { prune: args.prune, literalSecrets })
        if (preview.diff) printLine(colorDiff(preview.diff, colors))
        printLine(
          renderSummary(
            { ...plan, prune: plan.prune || Boolean(args.prune), changed: plan.changed || preview.diff !== '' },
            colors,
          ),
        )
      } else {
        const request = await planRequestFromArgs(args, printProgress(errorColors, printError))
        request.onLoaded = (config) => hideInOutput(configSecrets(config))
        if (args.pick && !args['auto-approve'] && !args.only && !args.except && canPick()) request.choose = pickModels
        const made = await createPlan(request)
        plan = made.plan
        secrets = made.secrets
        if (plan.diff) printLine(colorDiff(plan.diff, colors))
        printLine(renderSummary(plan, colors))
      }
      await applyReviewed(plan, { autoApprove: args['auto-approve'], prune: args.prune, secrets, literalSecrets })
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
    }
  },
})
