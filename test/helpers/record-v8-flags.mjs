// Preloaded into a pinai process by a test (NODE_OPTIONS=--import): writes each V8 flag set at run time
// to stderr as `v8 flag: <flags>`. Plain JavaScript: it loads before any TypeScript loader.
import { createRequire, syncBuiltinESMExports } from 'node:module'

const v8 = createRequire(import.meta.url)('node:v8')
const setFlags = v8.setFlagsFromString
v8.setFlagsFromString = (flags) => {
  process.stderr.write(`v8 flag: ${flags}\n`)
  setFlags(flags)
}
syncBuiltinESMExports()
