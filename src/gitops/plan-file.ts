import { readFile } from 'node:fs/promises'
import type { Plan } from './plan.ts'
import { writeFileAtomic } from './write-file-atomic.ts'

/** Writes a plan as JSON (it holds `${VAR}` references and variable names, never key values). */
export async function writePlanFile(file: string, plan: Plan): Promise<void> {
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
  if (plan.format !== 'pinai-plan/1' || typeof plan.configFile !== 'string' || typeof plan.configHash !== 'string' || !Array.isArray(plan.edits)) {
    throw new Error(`${file} is not a pinai plan (made by \`pinai plan --out\`)`)
  }
  return { pruneEdits: [], env: [], providers: [], problems: [], prune: false, diff: '', changed: true, ...plan } as Plan
}
