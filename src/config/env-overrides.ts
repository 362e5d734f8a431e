import { parseModelMapping } from './model-mapping.ts'

type Raw = Record<string, unknown>

const asObject = (value: unknown): Raw =>
  value && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Raw) } : {}

/**
 * Applies the environment variables README.md lists ("Environment variables") on top of the loaded
 * file: they win.
 * Throws on a malformed `MODEL_MAPPING` or `PORT`.
 */
export function applyEnvOverrides(input: Raw, env: Record<string, string | undefined>): Raw {
  const config: Raw = { ...input }
  const server = asObject(config.server)
  const auth = asObject(config.auth)
  if (env.PORT) {
    const port = Number(env.PORT)
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT: "${env.PORT}" is not a port number`)
    server.port = port
  }
  if (env.HOST) server.host = env.HOST
  if (env.ENABLE_WEB !== undefined && env.ENABLE_WEB !== '') server.web = /^(1|true|yes|on)$/i.test(env.ENABLE_WEB)
  if (env.API_TOKEN) auth.tokens = [env.API_TOKEN]
  if (env.ADMIN_TOKEN) auth.adminToken = env.ADMIN_TOKEN
  if (env.DATABASE_URL) {
    const storage = config.storage
    config.storage =
      storage && typeof storage === 'object' ? { ...asObject(storage), url: env.DATABASE_URL } : env.DATABASE_URL
  }
  if (env.MODEL_MAPPING)
    config.modelMapping = { ...asObject(config.modelMapping), ...parseModelMapping(env.MODEL_MAPPING) }
  if (env.USER_AGENT !== undefined) config.userAgent = env.USER_AGENT
  if (Object.keys(server).length > 0 || config.server !== undefined) config.server = server
  if (Object.keys(auth).length > 0 || config.auth !== undefined) config.auth = auth
  return config
}
