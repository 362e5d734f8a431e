import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LoadOptions, LoadResult } from './load-result.ts'

/** True when `wrk` is on the PATH. */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' })
    return true
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT.
    return (error as { code?: string }).code !== 'ENOENT'
  }
}

const marker = 'BENCH_RESULT '

/** The Lua script: the POST to repeat, and a JSON summary at the end. */
function script(options: LoadOptions, bodyFile: string): string {
  const headers = Object.entries(options.headers)
    .map(([name, value]) => `wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
    .join('\n')
  return `local file = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
${headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('${marker}{"requests":%d,"durationUs":%d,"p50":%d,"p90":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`
}

/** Runs wrk (one thread, `connections` keep-alive connections) and reads its summary. */
export async function runWrk(options: LoadOptions): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pinai-wrk-'))
  try {
    const bodyFile = join(dir, 'body.json')
    const scriptFile = join(dir, 'request.lua')
    writeFileSync(bodyFile, options.body)
    writeFileSync(scriptFile, script(options, bodyFile))
    const wrkArgs = [
      '-t1',
      `-c${options.connections}`,
      `-d${Math.max(1, Math.round(options.durationS))}s`,
      '--timeout',
      '10s',
      '-s',
      scriptFile,
      options.url,
    ]
    const [command, args] = options.cpus ? ['taskset', ['-c', options.cpus, 'wrk', ...wrkArgs]] : ['wrk', wrkArgs]
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(command, args, { maxBuffer: 1 << 20 }, (error, out, err) =>
        error ? reject(new Error(`wrk failed: ${err || error.message}`)) : resolve(out),
      ),
    )
    const line = stdout.split('\n').find((text) => text.startsWith(marker))
    if (!line) throw new Error(`wrk printed no summary:\n${stdout}`)
    const raw = JSON.parse(line.slice(marker.length)) as Record<string, number>
    const value = (name: string) => raw[name] ?? 0
    const errors = value('connect') + value('read') + value('write') + value('status') + value('timeout')
    // wrk counts non-2xx answers among its requests; they are errors here.
    const requests = value('requests') - value('status')
    const durationMs = value('durationUs') / 1000
    return {
      requests,
      durationMs,
      requestsPerSecond: durationMs > 0 ? (requests * 1000) / durationMs : 0,
      p50Ms: value('p50') / 1000,
      p90Ms: value('p90') / 1000,
      p99Ms: value('p99') / 1000,
      maxMs: value('max') / 1000,
      errors,
      generator: 'wrk',
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
