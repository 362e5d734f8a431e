import { defineCommand } from 'citty'
import { createConfigHolder } from '../../config/config-holder.ts'
import { ConfigError } from '../../config/config-error.ts'
import { isOpen } from '../../gateway/auth.ts'
import { createGateway } from '../../gateway/server.ts'
import { StoreLockedError } from '../../store/index.ts'
import { openStats, type OpenedStats } from '../open-stats.ts'
import { configArg } from '../config-arg.ts'
import { errorColors as pc } from '../colors.ts'

/** `pinai serve` (the default command): runs the gateway and reloads the config when it changes. */
export default defineCommand({
  meta: { name: 'serve', description: 'run the gateway, watching the config file' },
  args: {
    ...configArg,
    port: { type: 'string', description: 'port to listen on (default: PORT, server.port or 3000)' },
    host: { type: 'string', description: 'address to listen on (default: HOST, server.host or 0.0.0.0)' },
  },
  async run({ args }) {
    let holder
    try {
      holder = await createConfigHolder({ file: args.config })
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error
      console.error(`${pc.red('✗')} ${error.message}`)
      process.exitCode = 1
      return
    }
    const config = holder.current.config
    for (const warning of holder.current.warnings ?? []) console.warn(pc.yellow(`⚠ ${holder.current.file}: ${warning.path}: ${warning.message}`))
    if (process.env.GITHUB_PROXY) console.log('GITHUB_PROXY is set: not needed, the dashboard ships inside pinai and nothing is downloaded')
    if (config.server.web) console.warn('ENABLE_WEB / server.web is set, but this build has no dashboard yet: only the APIs are served')
    if (isOpen(config)) {
      console.warn(pc.yellow(pc.bold('⚠ NO-AUTH MODE: no API_TOKEN, ADMIN_TOKEN or auth.tokens set — anyone who can reach this port can use your upstream keys')))
    }
    const logger = { info: console.log, warn: console.warn, error: console.error }
    let stats: OpenedStats
    try {
      stats = await openStats(config, logger)
    } catch (error) {
      if (!(error instanceof StoreLockedError)) throw error
      console.error(`${pc.red('✗')} ${error.message}`)
      process.exitCode = 1
      return
    }
    const gateway = createGateway({ holder, stats, logger })
    holder.watch()
    const port = Number(args.port ?? config.server.port ?? 3000)
    const host = args.host ?? config.server.host ?? '0.0.0.0'
    const { url } = await gateway.listen(port, host)
    console.log(`pinai listening on ${url} (config ${holder.current.file})`)
    console.log(`  OpenAI:    ${url}/openai/v1`)
    console.log(`  Anthropic: ${url}/anthropic`)
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) return
      stopping = true
      console.log(`${signal}: shutting down`)
      holder.close()
      await gateway.close().catch(() => undefined)
      await stats.close().catch((error: unknown) => console.error(`could not flush the request log: ${(error as Error).message}`))
      process.exit(0)
    }
    process.once('SIGTERM', () => void stop('SIGTERM'))
    process.once('SIGINT', () => void stop('SIGINT'))
  },
})
