import { defineCommand } from 'citty'
import { loadPinaiConfig } from '../../config/load-config.ts'
import { describeError } from '../../gitops/cli/describe-error.ts'
import { formatColumns, modelTable } from '../../gitops/model-table.ts'
import { colors, errorColors } from '../colors.ts'
import { configArg } from '../config-arg.ts'
import { configSecrets, hideInOutput, printError } from '../redact-output.ts'

/** `pinai models`: every exposed model name with the providers, upstream ids and weights behind it. */
export default defineCommand({
  meta: { name: 'models', description: 'list exposed model names → providers, upstream ids, weights' },
  args: { ...configArg, json: { type: 'boolean', description: 'print JSON' } },
  async run({ args }) {
    try {
      const loaded = await loadPinaiConfig({ file: args.config })
      hideInOutput(configSecrets(loaded.config))
      const table = modelTable(loaded.config)
      if (args.json) {
        process.stdout.write(`${JSON.stringify(table, null, 2)}\n`)
        return
      }
      const rows = [['MODEL', 'PROVIDER', 'UPSTREAM ID', 'WEIGHT', 'PRIORITY', 'KEYS']]
      for (const { name, routes } of table.models) {
        routes.forEach((route, index) => {
          const provider = route.enabled ? route.provider : `${route.provider} (disabled)`
          rows.push([
            index === 0 ? name : '',
            provider,
            route.id,
            String(route.weight),
            String(route.priority),
            String(route.keys),
          ])
        })
      }
      const [header, ...body] = formatColumns(rows)
      process.stdout.write(`${colors.bold(header ?? '')}\n${body.join('\n')}\n`)
      const mapping = Object.entries(table.mapping)
      if (mapping.length > 0) {
        process.stdout.write(`\n${colors.bold('Mapped names (modelMapping / MODEL_MAPPING)')}\n`)
        process.stdout.write(`${formatColumns(mapping.map(([from, to]) => [from, '→', to])).join('\n')}\n`)
      }
      process.stdout.write(
        colors.dim(`\n${table.models.length} model name(s) from ${loaded.config.providers.length} provider(s)\n`),
      )
    } catch (error) {
      printError(`${errorColors.red('✗')} ${describeError(error)}`)
      process.exitCode = 1
    }
  },
})
