import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { configJsonSchemaText } from '../../config/json-schema.ts'

/** Where the generated JSON Schema lives, relative to the project root. */
export const schemaFile = 'schemas/pinai.config.schema.json'

/** `pinai schema`: regenerates the JSON Schema of the config from the valibot schema. */
export default defineCommand({
  meta: { name: 'schema', description: `write ${schemaFile} from the config schema` },
  args: { out: { type: 'string', description: 'where to write it', default: schemaFile } },
  async run({ args }) {
    const file = resolve(args.out)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, configJsonSchemaText())
    console.log(`wrote ${file}`)
  },
})
