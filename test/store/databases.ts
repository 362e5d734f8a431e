import { randomBytes } from 'node:crypto'

// Real PostgreSQL and MariaDB for the contract suite. Each run works in its own schema / database with a
// random suffix and drops it afterwards, so runs on one machine may overlap. A server that is down skips
// the suite with a message, unless PINAI_REQUIRE_DB=1 (set by CI), which makes it a failure.

/** Where the test servers listen (overridable for other machines). */
export const POSTGRES_URL = process.env.PINAI_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
/** The MariaDB/MySQL test server. */
export const MYSQL_URL = process.env.PINAI_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** Whether a missing database server must fail the run instead of skipping. */
export const REQUIRE_DB = process.env.PINAI_REQUIRE_DB === '1'

/** A scratch database for one test: the URL to open the store with, and how to drop it. */
export interface ScratchDatabase {
  url: string
  drop(): Promise<void>
}

function suffix(): string {
  return `${process.pid}_${randomBytes(4).toString('hex')}`
}

/** Whether the PostgreSQL test server answers; the reason when not. */
export async function postgresAvailable(): Promise<string | undefined> {
  const { default: postgres } = await import('postgres')
  const sql = postgres(POSTGRES_URL, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`SELECT 1`
    return undefined
  } catch (error) {
    return `PostgreSQL at ${POSTGRES_URL} is not reachable (${(error as Error).message})`
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {})
  }
}

/** Whether the MariaDB/MySQL test server answers; the reason when not. */
export async function mysqlAvailable(): Promise<string | undefined> {
  const mysql = await import('mysql2/promise')
  try {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3_000 })
    await connection.end()
    return undefined
  } catch (error) {
    return `MySQL/MariaDB at ${MYSQL_URL} is not reachable (${(error as Error).message})`
  }
}

/** A fresh PostgreSQL schema (created by the driver from `?schema=`), dropped by `drop`. */
export function scratchPostgres(): ScratchDatabase {
  const schema = `pinai_test_${suffix()}`
  const url = new URL(POSTGRES_URL)
  url.searchParams.set('schema', schema)
  return {
    url: url.toString(),
    async drop() {
      const { default: postgres } = await import('postgres')
      const sql = postgres(POSTGRES_URL, { max: 1, onnotice: () => {} })
      try {
        await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      } finally {
        await sql.end({ timeout: 1 })
      }
    },
  }
}

/** A fresh MySQL database, created now and dropped by `drop`. */
export async function scratchMysql(): Promise<ScratchDatabase> {
  const mysql = await import('mysql2/promise')
  const name = `pinai_test_${suffix()}`
  const admin = await mysql.createConnection({ uri: MYSQL_URL })
  try {
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4`)
  } finally {
    await admin.end()
  }
  const url = new URL(MYSQL_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const connection = await mysql.createConnection({ uri: MYSQL_URL })
      try {
        await connection.query(`DROP DATABASE IF EXISTS ${name}`)
      } finally {
        await connection.end()
      }
    },
  }
}

/** Decides, at collection time, whether a server-backed suite runs: throws under PINAI_REQUIRE_DB=1. */
export function skipReason(reason: string | undefined, suite: string): string | undefined {
  if (!reason) return undefined
  if (REQUIRE_DB) throw new Error(`${suite}: ${reason}, and PINAI_REQUIRE_DB=1 requires it`)
  console.warn(`skipping ${suite}: ${reason} (set PINAI_REQUIRE_DB=1 to make this a failure)`)
  return reason
}
