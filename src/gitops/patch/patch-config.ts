import { basename, extname } from 'node:path'
import { Project } from 'ts-morph'
import type { ConfigEdit, ProviderFields } from '../config-edit.ts'
import { configRoot } from './config-ast.ts'
import type { EditStep } from './edit-context.ts'
import { addModels, markAutoName, removeModels, renameModel } from './edit-models.ts'
import { setPipeline } from './edit-pipelines.ts'
import { addProvider, removeProvider, setProviderField } from './edit-providers.ts'
import { PatchError } from './patch-error.ts'
import { detectStyle } from './source-style.ts'
import { applyTextEdits } from './text-edit.ts'

function stepsOf(edit: ConfigEdit): EditStep[] {
  switch (edit.op) {
    case 'add-models':
      return [addModels(edit.provider, edit.models)]
    case 'remove-models':
      return [removeModels(edit.provider, edit.ids)]
    case 'rename-model': {
      // The mark goes first when the name goes back to the id, so the entry can become a plain id.
      const auto = edit.auto === true && edit.name !== undefined
      const mark = markAutoName(edit.provider, edit.id, auto)
      const rename = renameModel(edit.provider, edit.id, edit.name, auto)
      return edit.name === undefined || edit.name === edit.id ? [mark, rename] : [rename, mark]
    }
    case 'add-provider':
      return [addProvider(edit.provider)]
    case 'remove-provider':
      return [removeProvider(edit.provider)]
    case 'set-provider':
      return (Object.keys(edit.fields) as Array<keyof ProviderFields>).map((key) =>
        setProviderField(edit.provider, key, edit.fields[key]),
      )
    case 'set-pipeline':
      return [setPipeline(edit.name, edit.steps)]
    default: {
      const unreachable: never = edit
      throw new PatchError('', `unknown edit ${JSON.stringify(unreachable)}`)
    }
  }
}

/**
 * Applies edits to the text of a config file through its syntax tree, as minimal text changes:
 * comments, order and formatting outside the edited spots stay byte for byte. Throws
 * {@link PatchError} when the file is not written in a way pinai can edit (then edit it by hand).
 */
export function patchConfigSource(text: string, edits: readonly ConfigEdit[], fileName = 'pinai.config.ts'): string {
  if (!['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'].includes(extname(fileName))) {
    throw new PatchError(
      '',
      `pinai edits TypeScript and JavaScript config files; ${basename(fileName)} must be changed by hand`,
    )
  }
  const project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true },
  })
  const sourceFile = project.createSourceFile(`/${basename(fileName)}`, text)
  const style = detectStyle(sourceFile)
  for (const edit of edits) {
    for (const step of stepsOf(edit)) {
      const current = sourceFile.getFullText()
      const changes = step({ text: current, root: configRoot(sourceFile), style })
      if (changes.length > 0) sourceFile.replaceWithText(applyTextEdits(current, changes))
    }
  }
  return sourceFile.getFullText()
}
