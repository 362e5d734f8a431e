import { mkdir, readFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { Plan } from './plan.ts'
import { writeFileAtomic } from './write-file-atomic.ts'

/** Writes a plan as JSON (it holds `${VAR}` references and variable names, never key values). */
export async function writePlanFile(file: string, plan: Plan): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  await writeFileAtomic(file, `${JSON.stringify(plan, null, 2)}\n`)
}

/** Reads a plan file; throws when it is not one. */
export async function readPlanFile(file: string): Promise<Plan> {
  const text = await readFile(file, 'utf8')
  let plan: Partial<Plan>
  try {
    plan = JSON.parse(text) as Partial<Plan>
  } catch {
    throw new Error(`${file} is not JSON`)
  }
  if (
    plan.format !== 'pinai-plan/1' ||
    typeof plan.configFile !== 'string' ||
    typeof plan.configHash !== 'string' ||
    !Array.isArray(plan.edits)
  ) {
    throw new Error(`${file} is not a pinai plan (made by \`pinai plan --out\`)`)
  }
  return {
    pruneEdits: [],
    env: [],
    providers: [],
    problems: [],
    prune: false,
    diff: '',
    changed: true,
    ...plan,
  } as Plan
}

/**
 * Where `pinai plan` keeps the last plan it showed, so that a bare `pinai apply` applies exactly what
 * was reviewed: `data/pinai-last-plan.json` beside the config (`data/` is git-ignored).
 */
export function lastPlanPath(configFile: string): string {
  return join(dirname(configFile), 'data', 'pinai-last-plan.json')
}

/** Forgets the last plan (after it was applied). */
export async function forgetLastPlan(configFile: string): Promise<void> {
  await rm(lastPlanPath(configFile), { force: true })
}
