import { relative } from 'node:path'
import { defineCommand } from 'citty'
import picocolors from 'picocolors'
import { planArgs, planRequestFromArgs } from '../../gitops/cli/plan-args.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { printProgress } from '../../gitops/cli/print-progress.ts'
import { createPlan } from '../../gitops/create-plan.ts'
import { forgetLastPlan, lastPlanPath, writePlanFile } from '../../gitops/plan-file.ts'
import { colorDiff, renderSummary } from '../../gitops/render-plan.ts'
import { colors as stdoutColors, errorColors } from '../colors.ts'
import { canPick, pickModels } from '../pick-models.ts'
import { configSecrets, hideInOutput, printError, printLine } from '../redact-output.ts'

/**
 * `pinai plan`: fetches upstream model lists and/or reads a CSV of providers, and prints the change
 * to the config as a diff. Exit 0 = no changes, 2 = changes, 1 = something failed.
 */
export default defineCommand({
  meta: {
    name: 'plan',
    description:
      'compute changes to the config from upstream model lists or a CSV; print the diff (exit 0 none, 2 changes, 1 error)',
  },
  args: {
    ...planArgs,
    out: { type: 'string', description: 'write the plan to this file, for `pinai apply FILE`' },
    json: { type: 'boolean', description: 'print the plan as JSON' },
  },
  async run({ args }) {
    const colors = args.json ? picocolors.createColors(false) : stdoutColors
    try {
      const request = await planRequestFromArgs(args, printProgress(errorColors, printError))
      request.onLoaded = (config) => hideInOutput(configSecrets(config))
      // A terminal picks the new models by hand unless the command line already said which.
      if (args.pick && !args.json && !args.only && !args.except && canPick()) request.choose = pickModels
      const { plan } = await createPlan(request)
      if (args.out) await writePlanFile(args.out, plan)
      // Kept for a bare `pinai apply`, which then applies exactly this reviewed plan.
      if (plan.changed) await writePlanFile(lastPlanPath(plan.configFile), plan)
      else await forgetLastPlan(plan.configFile)
      if (args.json) {
        printLine(JSON.stringify(plan, null, 2))
      } else {
        if (plan.diff) printLine(colorDiff(plan.diff, colors))
        printLine(renderSummary(plan, colors))
        if (plan.changed) {
          const hint = args.out ? `pinai apply ${relative(process.cwd(), args.out) || args.out}` : 'pinai apply'
          printLine(colors.dim(`To apply: ${hint}`))
        }
      }
      process.exitCode = plan.problems.length > 0 ? 1 : plan.changed ? 2 : 0
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
    }
  },
})
