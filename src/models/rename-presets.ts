import type { presetNames } from '../config/rewrite-rule.ts'
import { stripDateSuffix } from './strip-date-suffix.ts'
import { stripGroupTag } from './strip-group-tag.ts'
import { unifyHyphens } from './unify-hyphens.ts'

/** A built-in rename step. */
export interface RenamePreset {
  /** What it does, in one line (shown by `pinai rewrite`). */
  description: string
  apply: (name: string) => string
}

/** The built-in presets a pipeline names by string (README.md, "Rename pipelines"). */
export const renamePresets: Record<(typeof presetNames)[number], RenamePreset> = {
  lowercase: { description: 'lower-case the whole name', apply: (name) => name.toLowerCase() },
  'strip-group-tag': {
    description: 'drop a vendor/ or Pro/vendor/ prefix, a :free-style tag and (…) notes',
    apply: stripGroupTag,
  },
  'unify-hyphens': { description: 'spaces and underscores become single hyphens', apply: unifyHyphens },
  'strip-date-suffix': {
    description: 'drop a snapshot date at the end (-20241022, -2024-08-06, -0528, -2507)',
    apply: stripDateSuffix,
  },
}

/** The pipeline used when the config defines no `rewrite.default`: every preset, in this order. */
export const builtInDefaultPipeline = ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'] as const
