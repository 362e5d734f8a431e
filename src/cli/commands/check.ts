import { defineCommand } from 'citty'
import { ConfigError } from '../../config/config-error.ts'
import { loadPinaiConfig } from '../../config/load-config.ts'
import { colors, errorColors } from '../colors.ts'
import { configArg } from '../config-arg.ts'
import { configSecrets, hideInOutput, printError, printLine } from '../redact-output.ts'

/** `pinai check`: validates the config and prints every problem with its path; warnings do not fail it. */
export default defineCommand({
  meta: { name: 'check', description: 'validate the config file; exit 1 with every problem and its path' },
  args: configArg,
  async run({ args }) {
    try {
      const loaded = await loadPinaiConfig({ file: args.config })
      hideInOutput(configSecrets(loaded.config))
      const providers = loaded.config.providers
      const models = providers.reduce((count, provider) => count + provider.models.length, 0)
      printLine(
        `${colors.green('✓')} ${loaded.file}: ${providers.length} provider(s), ${models} model entr${models === 1 ? 'y' : 'ies'}`,
      )
      const warnings = loaded.warnings ?? []
      if (warnings.length > 0)
        printError(`${errorColors.yellow(`⚠ ${warnings.length} warning${warnings.length === 1 ? '' : 's'}`)}`)
      for (const warning of warnings) printError(`  ${warning.path}: ${warning.message}`)
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      printError(`${errorColors.red('✗')} ${error.message}`)
      process.exitCode = 1
    }
  },
})
