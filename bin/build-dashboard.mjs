#!/usr/bin/env node
// Builds the dashboard (dashboard/, Lit components) with esbuild into dist/web/<hash of its sources>/:
// index.html, one hashed script, the favicon. As bin/build.mjs does for the server, the folder is named
// after the sources' content, so a build is never stale; `npm start` (bin/pinai.mjs) builds it when the
// folder for the current sources is missing, and the Dockerfile builds it at image time.
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const sources = join(root, 'dashboard')
const webRoot = join(root, 'dist', 'web')
/** The libraries bundled into the page: a new version of one is a new build. */
const bundled = ['esbuild', 'lit', '@lit-labs/router', '@lit/task', '@lit-labs/observers', 'uplot']
const STALE_BUILD_MS = 24 * 3_600_000

function sourceFiles(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.(ts|html|svg|css|json)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : []
  })
}

/** The hash naming the dashboard's build: its sources, this script, and the bundled libraries' versions. */
export function dashboardHash() {
  const hash = createHash('sha256')
  for (const name of bundled)
    hash.update(
      `${name} ${JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version}\n`,
    )
  hash.update(readFileSync(fileURLToPath(import.meta.url)))
  // The lockfile pins what the libraries themselves bundle (lit-html, @lit/reactive-element, …).
  try {
    hash.update(readFileSync(join(root, 'package-lock.json')))
  } catch {
    // An install without a lockfile: the versions above still name the build.
  }
  for (const file of sourceFiles(sources).sort()) {
    hash.update(`\n${relative(sources, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

function complete(folder) {
  try {
    statSync(join(folder, '.complete'))
    return true
  } catch {
    return false
  }
}

function removeStaleBuilds(current) {
  let entries = []
  try {
    entries = readdirSync(webRoot, { withFileTypes: true })
  } catch {
    return
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === current) continue
    const path = join(webRoot, entry.name)
    try {
      // A pinai started before the sources changed still serves its own folder: old builds stay a day.
      if (Date.now() - statSync(path).mtimeMs > STALE_BUILD_MS) rmSync(path, { recursive: true, force: true })
    } catch {
      // Another process removed it first.
    }
  }
}

/** Returns the folder of the dashboard built from the current sources, building it first when needed. */
export async function ensureDashboard() {
  const hash = dashboardHash()
  const folder = join(webRoot, hash)
  if (complete(folder)) return folder
  const { build } = await import('esbuild')
  mkdirSync(webRoot, { recursive: true })
  const scratch = join(webRoot, `.building-${process.pid}-${Date.now()}`)
  try {
    const result = await build({
      entryPoints: [join(sources, 'main.ts')],
      outdir: scratch,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: ['chrome111', 'firefox113', 'safari16.4'],
      entryNames: '[name]-[hash]',
      minify: true,
      // uPlot's stylesheet goes into the chart's shadow root as text, not as a page-wide <link>.
      loader: { '.css': 'text' },
      tsconfig: join(sources, 'tsconfig.json'),
      legalComments: 'none',
      metafile: true,
      logLevel: 'warning',
    })
    const script = Object.keys(result.metafile.outputs).find((path) => path.endsWith('.js'))
    if (!script) throw new Error('esbuild wrote no script')
    const page = readFileSync(join(sources, 'index.html'), 'utf8').replace('%MAIN%', `/${basename(script)}`)
    writeFileSync(join(scratch, 'index.html'), page)
    copyFileSync(join(sources, 'favicon.svg'), join(scratch, 'favicon.svg'))
    writeFileSync(join(scratch, '.complete'), `${new Date().toISOString()}\n`)
    try {
      renameSync(scratch, folder)
    } catch (error) {
      // Another process built the same sources first: theirs is as good as ours.
      if (!complete(folder)) throw error
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  removeStaleBuilds(hash)
  return folder
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const folder = await ensureDashboard()
  console.log(`built ${relative(root, folder)}`)
}
