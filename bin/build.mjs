#!/usr/bin/env node
// Compiles src/ into dist/<hash of the sources>/ with esbuild, so that pinai runs as plain JavaScript:
// no TypeScript loader thread (tens of MiB) and no keepNames wrapper around every closure on the hot
// path. The folder is named after the sources' content, so a build is never stale: changed sources get
// a new folder. `node bin/build.mjs` builds ahead of time (the Dockerfile does); bin/pinai.mjs builds on
// demand when the folder for the current sources is missing.
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sources = join(root, 'src')
const distRoot = join(root, 'dist')
/**
 * Entry points: the CLI, the sql.js worker (started by file, beside the chunk that starts it), and the
 * public API that a config's `import { defineConfig } from 'pinai'` is pointed at (src/config/pinai-module-path.ts).
 */
const entryPoints = {
  pinai: join(sources, 'cli/main.ts'),
  'sqljs-worker': join(sources, 'store/drivers/sqljs-worker.ts'),
  index: join(sources, 'index.ts'),
}
// Builds other than the current one are removed once this old and used by no running pinai: a running
// pinai loads its chunks lazily (a CLI command, a store driver) from the folder it started with.
const STALE_BUILD_MS = 24 * 3_600_000
const USER_MARK = /^\.used-by-(\d+)$/

function isRunning(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

/** Whether a live process still runs from this build (marks of processes that are gone are removed). */
function inUse(folder) {
  let live = false
  for (const name of readdirSync(folder)) {
    const pid = Number(USER_MARK.exec(name)?.[1])
    if (!pid) continue
    if (isRunning(pid)) live = true
    else rmSync(join(folder, name), { force: true })
  }
  return live
}

/** Marks the build of `entry` as used by this process for as long as it runs (see {@link inUse}). */
export function markInUse(entry) {
  try {
    writeFileSync(join(dirname(entry), `.used-by-${process.pid}`), '')
  } catch {
    // A read-only install: its builds are not cleaned up by us either.
  }
}

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|mjs|js|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

/** The hash naming the build of the sources as they are now (and of this script and esbuild's version). */
export function sourceHash() {
  const hash = createHash('sha256')
  const esbuildVersion = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('esbuild/package.json'), 'utf8'),
  ).version
  hash.update(`esbuild ${esbuildVersion}\n`)
  hash.update(readFileSync(fileURLToPath(import.meta.url)))
  for (const file of sourceFiles(sources).sort()) {
    hash.update(`\n${relative(sources, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

/** The entry of the build for `hash`, if it is complete. */
function builtEntry(hash) {
  const folder = join(distRoot, hash)
  try {
    statSync(join(folder, '.complete'))
    return join(folder, 'pinai.mjs')
  } catch {
    return undefined
  }
}

function removeStaleBuilds(current) {
  let entries = []
  try {
    entries = readdirSync(distRoot, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === current) continue
    const path = join(distRoot, entry.name)
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS && !inUse(path))
        rmSync(path, { recursive: true, force: true })
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * Returns the compiled CLI entry for the current sources, building it first when needed. Processes
 * starting together each build into a folder of their own and rename it into place; the first rename
 * wins and the others use its result.
 */
export async function ensureBuild() {
  const hash = sourceHash()
  const existing = builtEntry(hash)
  if (existing) return existing
  const { build } = await import('esbuild')
  mkdirSync(distRoot, { recursive: true })
  const scratch = join(distRoot, `.building-${process.pid}-${Date.now()}`)
  try {
    await build({
      entryPoints,
      outdir: scratch,
      bundle: true,
      // Lazy imports (commands, store drivers, gitops) stay lazy chunks: `pinai serve` never loads ts-morph.
      splitting: true,
      chunkNames: '[name]-[hash]',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      outExtension: { '.js': '.mjs' },
      sourcemap: 'linked',
      logLevel: 'warning',
    })
    writeFileSync(join(scratch, '.complete'), `${new Date().toISOString()}\n`)
    try {
      renameSync(scratch, join(distRoot, hash))
    } catch (error) {
      // Someone else's build of the same sources got there first: theirs is as good as ours.
      if (!builtEntry(hash)) throw error
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  removeStaleBuilds(hash)
  return join(distRoot, hash, 'pinai.mjs')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const entry = await ensureBuild()
  console.log(`built ${relative(root, entry)}`)
}
