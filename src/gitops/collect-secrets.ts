import { readFile } from 'node:fs/promises'
import { sha256 } from './config-hash.ts'
import { parseImportCsv } from './parse-import-csv.ts'
import type { Plan } from './plan.ts'

/**
 * Finds the value of each `.env` variable a plan adds: from `provided` (kept in memory by whoever
 * made the plan), else by re-reading the CSV named in the plan, which must not have changed.
 */
export async function collectSecrets(plan: Plan, provided?: ReadonlyMap<string, string>): Promise<Map<string, string>> {
  const values = new Map<string, string>()
  const csvCache = new Map<string, ReturnType<typeof parseImportCsv>>()
  for (const addition of plan.env) {
    const given = provided?.get(addition.name)
    if (given !== undefined) {
      values.set(addition.name, given)
      continue
    }
    const source = addition.source
    if (source.kind !== 'csv') {
      throw new Error(
        `the value of ${addition.name} was only held by the process that made the plan; make the plan again`,
      )
    }
    let parsed = csvCache.get(source.file)
    if (!parsed) {
      const text = await readFile(source.file, 'utf8').catch(() => {
        throw new Error(`${source.file} holds the keys of this plan and cannot be read; make the plan again`)
      })
      if (sha256(text) !== source.sha256)
        throw new Error(`${source.file} changed since the plan was made; make the plan again`)
      parsed = parseImportCsv(text)
      csvCache.set(source.file, parsed)
    }
    const value = parsed.providers.find((provider) => provider.line === source.line)?.keys[source.key]
    if (value === undefined)
      throw new Error(`${source.file} line ${source.line} has no key ${source.key + 1}; make the plan again`)
    values.set(addition.name, value)
  }
  return values
}
