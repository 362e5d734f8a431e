import type { Store } from './store.ts'
import type { MysqlStoreOptions } from './drivers/mysql.ts'
import type { PostgresStoreOptions } from './drivers/postgres.ts'
import type { SqlJsStoreOptions } from './drivers/sqljs.ts'

/** Options for {@link openStore}; each driver reads its own. */
export type OpenStoreOptions = SqlJsStoreOptions & PostgresStoreOptions & MysqlStoreOptions

/** Which driver a storage URL selects, and what it hands that driver. */
export type StoreTarget =
  | { driver: 'memory' }
  | { driver: 'sqljs'; path: string }
  | { driver: 'postgres'; url: string }
  | { driver: 'mysql'; url: string }

/**
 * Reads a storage URL: `sqlite:path` (relative to the working directory; `sqlite:///abs` also works),
 * `sqlite::memory:`, `memory:`, `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`.
 * Errors name only the scheme, never the URL (it may hold a password).
 */
export function parseStoreUrl(url: string): StoreTarget {
  const trimmed = url.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase()
  if (scheme === 'memory') return { driver: 'memory' }
  if (scheme === 'sqlite') {
    let path = trimmed.slice(scheme.length + 1)
    if (path.startsWith('//')) path = path.slice(2)
    if (!path) throw new Error('storage: sqlite: needs a file path, e.g. sqlite:data/pinai.db')
    return { driver: 'sqljs', path }
  }
  if (scheme === 'postgres' || scheme === 'postgresql') return { driver: 'postgres', url: trimmed }
  if (scheme === 'mysql' || scheme === 'mariadb') return { driver: 'mysql', url: trimmed }
  throw new Error(
    `storage: unsupported database URL scheme ${scheme ? `"${scheme}:"` : '(none)'}; use sqlite:path, postgres://… or mysql://…`,
  )
}

/** Opens the store a `DATABASE_URL` / `storage` value names; the heavy client library is imported only now. */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url)
  switch (target.driver) {
    case 'memory': {
      const { createMemoryStore } = await import('./drivers/memory.ts')
      return createMemoryStore()
    }
    case 'sqljs': {
      const { openSqlJsStore } = await import('./drivers/sqljs.ts')
      return openSqlJsStore(target.path, options)
    }
    case 'postgres': {
      const { openPostgresStore } = await import('./drivers/postgres.ts')
      return openPostgresStore(target.url, options)
    }
    case 'mysql': {
      const { openMysqlStore } = await import('./drivers/mysql.ts')
      return openMysqlStore(target.url, options)
    }
    default: {
      const unknown: never = target
      throw new Error(`unknown store ${JSON.stringify(unknown)}`)
    }
  }
}
