export { patchConfigSource } from './patch-config.ts'
export { PatchError } from './patch-error.ts'
export { detectStyle, type SourceStyle } from './source-style.ts'
export { printValue, type SourceValue } from './print-value.ts'
