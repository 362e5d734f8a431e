import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { parseJSON5, parseYAML } from 'confbox'
import { stop as stopEsbuild } from 'esbuild'
import { createJiti } from 'jiti'
import { pinaiModulePath } from './pinai-module-path.ts'
import { ConfigSyntaxError, transformConfigSource } from './transform-config-source.ts'

/** Why a config file could not be read, and where in it (`file:line:col`) when that is known. */
export class ConfigReadError extends Error {
  readonly location: string | undefined

  constructor(message: string, location?: string) {
    super(message)
    this.name = 'ConfigReadError'
    this.location = location
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** jiti reports a syntax error as an Error whose message starts so, with a 0-based column. */
const syntaxError = /^(?:ParseError|SyntaxError): /

/** The first `file:line:col` of the config file in an error's stack or message (the line that threw). */
function locationIn(error: unknown, file: string): string | undefined {
  const text = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error)
  const match = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(text)
  if (!match) return undefined
  const column = Number(match[2]) + (error instanceof Error && syntaxError.test(error.message) ? 1 : 0)
  return `${file}:${match[1]}:${column}`
}

/** The first line of an error's message, without the location jiti repeats in it. */
function describeThrown(error: unknown, file: string): string {
  if (!(error instanceof Error)) return `threw ${String(error)}`
  const message =
    error.message
      .replaceAll(new RegExp(`\\s*${escapeRegExp(file)}(:\\d+:\\d+)?`, 'g'), '')
      .trim()
      .split('\n')[0] ?? ''
  if (syntaxError.test(message)) return `syntax error: ${message.replace(syntaxError, '')}`
  return `threw ${error.name}: ${message}`
}

/** Imports the file through jiti, transformed by esbuild, or by jiti's own Babel for what esbuild cannot do. */
async function importThroughJiti(file: string, babel: boolean): Promise<unknown> {
  const jiti = createJiti(file, {
    // The transpiled file would hold the config's literal secrets in a world-readable cache: no cache.
    fsCache: false,
    moduleCache: false,
    interopDefault: false,
    // Maps a throw in the config back to its line and column.
    sourceMaps: true,
    alias: { pinai: pinaiModulePath() },
    ...(babel ? {} : { transform: transformConfigSource }),
  })
  try {
    return await jiti.import<unknown>(file)
  } catch (error) {
    // Babel keeps the lines of the file, so a throw in it is read again there to say where it happened.
    if (!babel && !(error instanceof ConfigSyntaxError)) return importThroughJiti(file, true)
    throw error
  } finally {
    // esbuild's service (a child process and a thread) is not needed until the next reload.
    if (!babel) await stopEsbuild()
  }
}

async function importModule(file: string): Promise<unknown> {
  const namespace = (await importThroughJiti(file, false)) as Record<string, unknown> | undefined
  if (!namespace || typeof namespace !== 'object' || !('default' in namespace)) {
    const named = namespace && typeof namespace === 'object' ? Object.keys(namespace) : []
    const hint = named.length > 0 ? ` (it exports ${named.join(', ')})` : ''
    throw new ConfigReadError(`has no default export${hint}: write \`export default defineConfig({ … })\``)
  }
  let config = namespace.default
  if (typeof config === 'function') config = await (config as () => unknown)()
  return config
}

/**
 * Reads a config file's value: `.json` (JSON5 allowed) and `.yaml` parsed, anything else imported as
 * TypeScript or JavaScript through jiti (transformed by esbuild), with `import … from 'pinai'` bound to the running pinai. Throws
 * {@link ConfigReadError} naming the line and column of a syntax error or of a throw in the file.
 */
export async function readConfigModule(file: string): Promise<Record<string, unknown>> {
  let value: unknown
  try {
    const extension = extname(file).toLowerCase()
    if (extension === '.json' || extension === '.json5') value = parseJSON5(await readFile(file, 'utf8'))
    else if (extension === '.yaml' || extension === '.yml') value = parseYAML(await readFile(file, 'utf8'))
    else value = await importModule(file)
  } catch (error) {
    if (error instanceof ConfigReadError) throw error
    if (error instanceof ConfigSyntaxError) throw new ConfigReadError(`syntax error: ${error.message}`, error.location)
    throw new ConfigReadError(describeThrown(error, file), locationIn(error, file))
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigReadError(
      `must export an object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`,
    )
  }
  return value as Record<string, unknown>
}
