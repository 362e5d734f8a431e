import { existsSync } from 'node:fs'
import { defineCommand } from 'citty'
import { configPath, loadPinaiConfig } from '../../config/load-config.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { formatColumns } from '../../gitops/model-table.ts'
import { findPipeline, providerPipeline } from '../../models/provider-pipeline.ts'
import { tracePipeline } from '../../models/run-pipeline.ts'
import { colors, errorColors } from '../colors.ts'
import { configArg } from '../config-arg.ts'
import { printError } from '../redact-output.ts'

/** `pinai rewrite NAME…`: shows what each step of a rename pipeline does to each name. */
export default defineCommand({
  meta: { name: 'rewrite', description: 'show a rename pipeline step by step on model names' },
  args: {
    ...configArg,
    names: {
      type: 'positional',
      required: false,
      description: "model ids (default: the provider's configured ids with --provider)",
    },
    pipeline: { type: 'string', description: 'pipeline or preset name (default: default)' },
    provider: { type: 'string', description: "use this provider's pipeline" },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run({ args }) {
    try {
      const file = configPath({ file: args.config })
      const config = existsSync(file) ? (await loadPinaiConfig({ file })).config : undefined
      const provider = args.provider
        ? config?.providers.find((candidate) => candidate.name === args.provider)
        : undefined
      if (args.provider && !provider) throw new Error(`no provider named "${args.provider}" in ${file}`)
      const source = config ?? { rewrite: {} }
      const pipeline =
        !args.pipeline && provider
          ? providerPipeline(source, provider)
          : findPipeline(source, args.pipeline ?? 'default')
      if (!pipeline) throw new Error(`no rename pipeline or preset named "${args.pipeline}"`)
      const names =
        args._.length > 0
          ? args._
          : (provider?.models.map((entry) => (typeof entry === 'string' ? entry : entry.id)) ?? [])
      if (names.length === 0)
        throw new Error('give model names: pinai rewrite NAME… (or --provider NAME to use its models)')
      const traces = names.map((name) => tracePipeline(pipeline, name))
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ pipeline: pipeline.name, names: traces }, null, 2)}\n`)
        return
      }
      for (const trace of traces) {
        process.stdout.write(
          `${colors.bold(trace.input)} → ${colors.green(colors.bold(trace.output))}  ${colors.dim(`(pipeline ${pipeline.name})`)}\n`,
        )
        const rows = trace.steps.map((step, index) => {
          const effect = !step.enabled
            ? colors.dim('(disabled)')
            : step.after === step.before
              ? colors.dim('(unchanged)')
              : step.after
          return [`  ${index + 1}`, step.label, effect]
        })
        process.stdout.write(`${formatColumns(rows).join('\n')}\n`)
      }
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
    }
  },
})
