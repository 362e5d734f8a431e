#!/usr/bin/env node
// Runs the CLI compiled by bin/build.mjs (built again whenever the sources change). With
// PINAI_FROM_SOURCE=1, or when no build can be made (esbuild missing, a read-only folder), it runs the
// TypeScript sources through tsx instead: the same code, slower and heavier.
import { pathToFileURL } from 'node:url'

// `pinai serve` (the default command) serves the dashboard when ENABLE_WEB is on: build it when its
// sources changed, and tell the server where it is (or why there is none, said only if it is wanted).
const command = process.argv[2]
if (command === undefined || command === 'serve' || command.startsWith('-')) {
  try {
    const { ensureDashboard } = await import('./build-dashboard.mjs')
    process.env.PINAI_DASHBOARD_DIR = await ensureDashboard()
  } catch (error) {
    process.env.PINAI_DASHBOARD_ERROR = error instanceof Error ? error.message : String(error)
  }
}

let entry
if (process.env.PINAI_FROM_SOURCE !== '1') {
  try {
    const { ensureBuild, markInUse } = await import('./build.mjs')
    entry = await ensureBuild()
    markInUse(entry)
  } catch (error) {
    console.warn(
      `pinai: could not build (${error instanceof Error ? error.message : error}); running the sources through tsx`,
    )
  }
}
if (entry) {
  await import(pathToFileURL(entry).href)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
