import { parse } from 'csv-parse/sync'

/** A provider read from one CSV line (its keys are secret values: keep them out of output). */
export interface ImportedProvider {
  /** 1-based line number in the CSV. */
  line: number
  name: string
  protocol: 'openai' | 'anthropic' | 'gemini' | 'openai-responses'
  baseUrl: string
  keys: string[]
}

/** A CSV line that was not taken. The message never repeats a key. */
export interface CsvProblem {
  line: number
  message: string
}

const protocols = ['openai', 'anthropic', 'gemini', 'openai-responses'] as const

function parseLine(line: string): string[] | undefined {
  try {
    const rows = parse(line, { trim: true, relax_column_count: true }) as string[][]
    return rows[0]
  } catch {
    return undefined
  }
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol)
  } catch {
    return false
  }
}

/**
 * The first column as an error may show it: a short word is shown; anything else may be a key pasted
 * in the wrong column, and no part of a key is ever printed.
 */
function describeType(type: string): string {
  return /^[A-Za-z]{1,16}$/.test(type) ? JSON.stringify(type) : '(not shown: it may be a key in the wrong column)'
}

/**
 * Reads `type,name,baseUrl,key[,key…]` lines (type `openai`, `anthropic` or `gemini`, any case).
 * Blank lines, `#` comments and a header line are skipped; a bad line is reported with its number
 * and the good ones are kept. A line without keys is a provider without auth (a local server).
 */
export function parseImportCsv(text: string): { providers: ImportedProvider[]; problems: CsvProblem[] } {
  const providers: ImportedProvider[] = []
  const problems: CsvProblem[] = []
  const names = new Map<string, number>()
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  for (const [index, raw] of lines.entries()) {
    const line = index + 1
    const trimmed = raw.trim()
    if (!trimmed || trimmed.startsWith('#')) continue
    const fields = parseLine(trimmed)
    if (!fields) {
      problems.push({ line, message: 'not valid CSV (check the quotes)' })
      continue
    }
    const [type = '', name = '', baseUrl = '', ...keys] = fields
    if (
      providers.length === 0 &&
      problems.length === 0 &&
      type.toLowerCase() === 'type' &&
      name.toLowerCase() === 'name'
    )
      continue
    const protocol = protocols.find((candidate) => candidate === type.toLowerCase())
    const problem = !protocol
      ? `unknown type ${describeType(type)} (expected openai, anthropic, gemini or openai-responses)`
      : !name
        ? 'the name is empty'
        : names.has(name)
          ? `the name "${name}" is already used on line ${names.get(name)}`
          : !isHttpUrl(baseUrl)
            ? 'the base URL is not an http(s) URL'
            : undefined
    if (problem || !protocol) {
      problems.push({ line, message: problem ?? 'invalid' })
      continue
    }
    names.set(name, line)
    providers.push({ line, name, protocol, baseUrl, keys: keys.filter((key) => key !== '') })
  }
  return { providers, problems }
}
