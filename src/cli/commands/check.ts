import { defineCommand } from 'citty'
import pc from 'picocolors'
import { ConfigError } from '../../config/config-error.ts'
import { loadPinaiConfig } from '../../config/load-config.ts'
import { configArg } from '../config-arg.ts'

/** `pinai check`: validates the config and prints every problem with its path. */
export default defineCommand({
  meta: { name: 'check', description: 'validate the config file; exit 1 with every problem and its path' },
  args: configArg,
  async run({ args }) {
    try {
      const loaded = await loadPinaiConfig({ file: args.config })
      const providers = loaded.config.providers
      const models = providers.reduce((count, provider) => count + provider.models.length, 0)
      console.log(`${pc.green('✓')} ${loaded.file}: ${providers.length} provider(s), ${models} model entr${models === 1 ? 'y' : 'ies'}`)
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      console.error(`${pc.red('✗')} ${error.message}`)
      process.exitCode = 1
    }
  },
})
