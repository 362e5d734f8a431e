import type { ObjectLiteralExpression } from 'ts-morph'
import type { SourceStyle } from './source-style.ts'
import type { TextEdit } from './text-edit.ts'

/** What one step of a patch sees: the current text, its config object and the file's style. */
export interface EditContext {
  text: string
  root: ObjectLiteralExpression
  style: SourceStyle
}

/** One step of a patch: text edits computed on a fresh parse of the current text. */
export type EditStep = (context: EditContext) => TextEdit[]
