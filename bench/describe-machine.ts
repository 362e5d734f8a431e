import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, release, totalmem, type } from 'node:os'
import type { BenchResult } from './bench-result.ts'

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1]
    if (pretty) return `${pretty} (${type()} ${release()})`
  } catch {
    // not Linux, or no os-release
  }
  return `${type()} ${release()}`
}

function wrkVersion(): string | undefined {
  try {
    return execFileSync('wrk', ['--version'], { encoding: 'utf8' }).split('\n')[0]
  } catch (error) {
    // wrk --version exits 1; its output is still there.
    const out = (error as { stdout?: string }).stdout
    return out ? out.split('\n')[0]?.trim() : undefined
  }
}

/** The machine the benchmark ran on, as BENCHMARKS.md shows it. */
export function describeMachine(): BenchResult['machine'] {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    wrk: wrkVersion(),
  }
}
