import type { RewriteStepInput } from '../config-edit.ts'
import { objectProperty } from './config-ast.ts'
import type { EditStep } from './edit-context.ts'
import type { SourceValue } from './print-value.ts'
import { removeProperty, setProperty } from './property-edits.ts'

/** Writes (or with `null` removes) the named pipeline under `rewrite`. */
export function setPipeline(name: string, steps: readonly RewriteStepInput[] | null): EditStep {
  return ({ text, root, style }) => {
    const rewrite = objectProperty(root, 'rewrite', 'rewrite')
    const value = steps as SourceValue
    if (!rewrite)
      return steps === null
        ? []
        : setProperty(text, root, 'rewrite', { [name]: value }, style, { multiline: true, before: 'providers' })
    return steps === null ? removeProperty(text, rewrite, name) : setProperty(text, rewrite, name, value, style)
  }
}
