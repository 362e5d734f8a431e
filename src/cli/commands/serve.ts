import { defineCommand } from 'citty'
import { createConfigHolder } from '../../config/config-holder.ts'
import { ConfigError } from '../../config/config-error.ts'
import { isOpen } from '../../gateway/auth.ts'
import { createGateway } from '../../gateway/server.ts'
import { StoreLockedError } from '../../store/index.ts'
import { openStats, type OpenedStats } from '../open-stats.ts'
import { configArg } from '../config-arg.ts'
import { tuneHeap } from '../tune-heap.ts'
import { errorColors as pc } from '../colors.ts'

const defaultShutdownGrace = 30_000

const isLoopbackHost = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.')

/** `pinai serve` (the default command): runs the gateway and reloads the config when it changes. */
export default defineCommand({
  meta: { name: 'serve', description: 'run the gateway, watching the config file' },
  args: {
    ...configArg,
    port: { type: 'string', description: 'port to listen on (default: PORT, server.port or 3000)' },
    host: {
      type: 'string',
      description: 'address to listen on (default: HOST, server.host, else 0.0.0.0 with a token and 127.0.0.1 without)',
    },
  },
  async run({ args }) {
    tuneHeap()
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
    for (const warning of holder.current.warnings ?? [])
      console.warn(pc.yellow(`⚠ ${holder.current.file}: ${warning.path}: ${warning.message}`))
    if (process.env.GITHUB_PROXY)
      console.log('GITHUB_PROXY is set: not needed, the dashboard ships inside pinai and nothing is downloaded')
    if (config.server.web && !process.env.PINAI_DASHBOARD_DIR) {
      console.warn(
        `ENABLE_WEB / server.web is set, but the dashboard could not be built (${process.env.PINAI_DASHBOARD_ERROR ?? 'start pinai with bin/pinai.mjs'}): only the APIs are served`,
      )
    }
    const open = isOpen(config)
    // Without a token pinai listens on this machine only, unless told where to listen.
    const host = args.host ?? config.server.host ?? (open ? '127.0.0.1' : '0.0.0.0')
    if (open && isLoopbackHost(host)) {
      console.warn(
        pc.yellow(
          '⚠ NO-AUTH MODE: no API_TOKEN, ADMIN_TOKEN or auth.tokens set — listening on this machine only; set a token before listening elsewhere',
        ),
      )
    } else if (open) {
      console.warn(
        pc.yellow(
          pc.bold(
            `⚠ NO-AUTH MODE ON ${host}: no API_TOKEN, ADMIN_TOKEN or auth.tokens set — anyone who can reach this port can use your upstream keys (the admin API still takes writes only from this machine)`,
          ),
        ),
      )
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
    const { url } = await gateway.listen(port, host)
    console.log(`pinai listening on ${url} (config ${holder.current.file})`)
    console.log(`  OpenAI:    ${url}/openai/v1`)
    console.log(`  Anthropic: ${url}/anthropic`)
    if (config.server.web && process.env.PINAI_DASHBOARD_DIR) console.log(`  Dashboard: ${url}/`)
    let stopping = false
    const stop = async (signal: string) => {
      if (stopping) {
        console.log(`${signal} again: stopping at once`)
        process.exit(1)
      }
      stopping = true
      const grace = holder.current.config.server.shutdownGrace ?? defaultShutdownGrace
      console.log(
        `${signal}: shutting down (requests in flight have ${grace / 1000}s to finish; ${signal} again stops at once)`,
      )
      holder.close()
      // The recorder closes only after the gateway has drained and every request's record reached it.
      await gateway.close(grace).catch(() => undefined)
      await stats
        .close()
        .catch((error: unknown) => console.error(`could not flush the request log: ${(error as Error).message}`))
      process.exit(0)
    }
    process.on('SIGTERM', () => void stop('SIGTERM'))
    process.on('SIGINT', () => void stop('SIGINT'))
  },
})
