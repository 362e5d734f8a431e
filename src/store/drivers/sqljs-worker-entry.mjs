// Worker threads do not inherit tsx's loader hooks (neither from `tsx` nor from bin/pinai.mjs, nor under
// vitest), so the sql.js worker registers them itself before loading its TypeScript.
import { register } from 'tsx/esm/api'

register()
await import('./sqljs-worker.ts')
