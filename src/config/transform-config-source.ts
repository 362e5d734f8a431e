import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'
import { transformSync, type Message } from 'esbuild'
import type { TransformOptions, TransformResult } from 'jiti'

/** A syntax error esbuild found in a config file, with its 1-based line and column. */
export class ConfigSyntaxError extends Error {
  readonly location: string

  constructor(message: Message) {
    super(message.text)
    this.name = 'ConfigSyntaxError'
    const where = message.location
    this.location = where ? `${where.file}:${where.line}:${where.column + 1}` : ''
  }
}

/** The file uses what CommonJS output cannot express (top-level await, `import.meta.resolve`): Babel must read it. */
export class NeedsBabelError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'NeedsBabelError'
  }
}

const unsupported = /top-level await|"import\.meta"/i

function firstError(error: unknown): Message | undefined {
  const errors = (error as { errors?: Message[] } | null)?.errors
  return Array.isArray(errors) ? errors[0] : undefined
}

/**
 * jiti's transform done by esbuild (a native binary, out of process) instead of the Babel that jiti bundles:
 * Babel's ~3 MB of source and the code compiled from it would stay in pinai's heap for as long as it runs,
 * ~7 MiB of heap and ~17 MiB of RSS (docs/config.md, "How the file is read"). Throws
 * {@link ConfigSyntaxError} for a syntax error and {@link NeedsBabelError} for what only Babel handles.
 */
export function transformConfigSource(options: TransformOptions): TransformResult {
  const filename = options.filename ?? 'pinai.config.ts'
  let result
  try {
    result = transformSync(options.source, {
      loader: options.ts ? 'ts' : 'js',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: filename,
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(filename).href),
        'import.meta.filename': JSON.stringify(filename),
        'import.meta.dirname': JSON.stringify(dirname(filename)),
      },
      logLevel: 'silent',
    })
  } catch (error) {
    const message = firstError(error)
    if (!message) throw error
    if (unsupported.test(message.text)) throw new NeedsBabelError(message.text)
    throw new ConfigSyntaxError(message)
  }
  const warning = result.warnings.find((candidate) => unsupported.test(candidate.text))
  if (warning) throw new NeedsBabelError(warning.text)
  return { code: result.code }
}
