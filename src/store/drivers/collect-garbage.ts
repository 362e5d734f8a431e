import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

/**
 * A full garbage collection of the calling thread's heap. The sql.js worker runs one after each snapshot:
 * the export is one array buffer as large as the database, and V8 frees array buffers that outlived a
 * young-generation collection only at a full one, which it starts on its own only after tens of MiB more
 * (docs/store.md, "Memory ceiling"). `--expose-gc` only adds `gc` to contexts made after it is set, so
 * the function comes from a fresh context and no global of this one changes.
 */
export function createGarbageCollector(): () => void {
  // The flag is the whole process's: set once, by the first worker, not while later ones start.
  if (runInNewContext('typeof gc') !== 'function') setFlagsFromString('--expose-gc')
  const collect: unknown = runInNewContext('typeof gc === "function" ? gc : undefined')
  // Should V8 ever refuse the flag, memory is freed later, by V8 itself, rather than the store not starting.
  return typeof collect === 'function' ? (collect as () => void) : () => {}
}
