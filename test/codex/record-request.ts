/**
 * Records what a real Codex CLI sends, for `fixtures/codex/`. Run it by hand when Codex changes
 * (`npx tsx test/codex/record-request.ts`): Codex runs `cat notes.txt` through `exec_command` against
 * the Responses-protocol mock model directly (no pinai, so the body is Codex's own), and the second
 * `POST /v1/responses` (the turn carrying the reasoning, the call and its output) is written with
 * everything machine- or run-specific replaced, with the headers that describe the request.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { catCommand, startCatToolUpstream } from './cat-tool-upstream.ts'
import { codexBinary, installHint, runCodex } from './codex-binary.ts'

/** Replaces what differs per machine and per run: paths, ids, the date, the time zone, the shell's timing. */
function sanitize(text: string, workdir: string, home: string): string {
  return text
    .replaceAll(home, '/home/user/.codex')
    .replaceAll(workdir, '/home/user/project')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-7000-8000-000000000000')
    .replace(/<current_date>[^<]*<\/current_date>/g, '<current_date>2026-01-15</current_date>')
    .replace(/<timezone>[^<]*<\/timezone>/g, '<timezone>Etc/UTC</timezone>')
    .replace(/Chunk ID: [0-9a-f]+/g, 'Chunk ID: 000000')
    .replace(/Wall time: [\d.]+ seconds/g, 'Wall time: 0.0000 seconds')
    .replace(/\\"turn_started_at_unix_ms\\":\d+/g, '\\"turn_started_at_unix_ms\\":1768435200000')
}

async function main() {
  const binary = codexBinary()
  if (!binary) throw new Error(installHint)
  const workdir = mkdtempSync(join(tmpdir(), 'pinai-codex-record-'))
  writeFileSync(join(workdir, 'notes.txt'), 'The deploy key rotates every Monday.\n')
  const upstream = await startCatToolUpstream()
  try {
    const run = await runCodex({
      binary,
      baseUrl: `${upstream.url}/v1`,
      token: 'codex-token',
      model: 'gpt-5-codex',
      prompt: `Run \`${catCommand}\` and tell me what it says.`,
      cwd: workdir,
    })
    if (run.code !== 0) throw new Error(`Codex failed: ${run.stdout}\n${run.stderr}`)
    const turns = upstream.requests.filter((request) => request.path === '/v1/responses')
    const second = turns[1]
    if (!second) throw new Error(`expected two Responses requests, got ${turns.length}`)
    const folder = join(import.meta.dirname, '..', '..', 'fixtures', 'codex')
    mkdirSync(folder, { recursive: true })
    const body = JSON.parse(sanitize(second.text, workdir, run.home)) as { client_metadata?: Record<string, unknown> }
    // Codex writes client_metadata from a hash map: sorted, a re-recording differs only where Codex changed.
    if (body.client_metadata)
      body.client_metadata = Object.fromEntries(
        Object.entries(body.client_metadata).sort(([left], [right]) => left.localeCompare(right)),
      )
    writeFileSync(join(folder, 'tool-round-trip-request.json'), `${JSON.stringify(body, null, 2)}\n`)
    const keep = ['accept', 'content-type', 'originator', 'x-codex-beta-features']
    const headers = Object.fromEntries(
      keep.flatMap((header) => (second.headers[header] ? [[header, String(second.headers[header])]] : [])),
    )
    const version = /codex_exec\/([\d.]+)/.exec(String(second.headers['user-agent']))?.[1]
    writeFileSync(
      join(folder, 'tool-round-trip-headers.json'),
      `${JSON.stringify({ codexVersion: version, path: second.path, headers }, null, 2)}\n`,
    )
    console.log(`recorded: ${second.text.length} bytes`)
  } finally {
    await upstream.close()
    rmSync(workdir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
