/**
 * Records what a real Claude Code sends to pinai, for `fixtures/claude-code/`. Run it by hand when
 * Claude Code changes (`npx tsx test/claude-code/record-request.ts`): Claude Code reads a file with
 * `Read` through pinai against the OpenAI-protocol mock, a recording proxy in front of pinai keeps each
 * `POST /anthropic/v1/messages` body, and the second one (the turn with the tool call and its result)
 * is written with everything machine-specific replaced; once with a model name Claude Code does not
 * know, once with a Claude name mapped by pinai (the two differ: thinking, effort, system turns).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGateway } from '../helpers/gateway.ts'
import { claudeCodeBinary, installHint, runClaudeCode } from './claude-code-binary.ts'
import { startReadToolUpstream } from './read-tool-upstream.ts'

interface Recorded {
  path: string
  headers: IncomingHttpHeaders
  body: string
}

/** A proxy on 127.0.0.1 that forwards to `target` and remembers each request. */
async function startRecorder(target: string) {
  const recorded: Recorded[] = []
  const server = createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = []
    for await (const chunk of incoming) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    recorded.push({ path: incoming.url ?? '/', headers: incoming.headers, body: body.toString('utf8') })
    const upstream = httpRequest(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    upstream.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    recorded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** Replaces what differs per machine and per run: paths, ids, the OS version, the date. */
function sanitize(text: string, workdir: string, home: string): string {
  return text
    .replaceAll(home, '/home/user')
    .replaceAll(workdir.replaceAll('/', '-'), '-home-user-project')
    .replaceAll(workdir, '/home/user/project')
    .replace(/"device_id\\":\\"[0-9a-f]+\\"/g, '"device_id\\":\\"' + '0'.repeat(64) + '\\"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '00000000-0000-4000-8000-000000000000')
    .replace(/OS Version: [^\\"]+?(\\n|")/g, 'OS Version: Linux 6.8.0$1')
    .replace(/Today's date is \d{4}-\d{2}-\d{2}/g, "Today's date is 2026-01-15")
}

/** The recordings: a model name Claude Code does not know (adaptive thinking, system turns in `messages`), and a Claude name that pinai maps. */
const recordings = [
  { model: 'gpt-4.1', name: 'custom-model' },
  { model: 'claude-sonnet-4-5', name: 'claude-model' },
]

async function record(binary: string, model: string, name: string) {
  const workdir = mkdtempSync(join(tmpdir(), 'pinai-claude-record-'))
  const filePath = join(workdir, 'notes.txt')
  writeFileSync(filePath, 'The deploy key rotates every Monday.\n')
  const upstream = await startReadToolUpstream({ filePath })
  const gateway = await startGateway({
    auth: { tokens: ['claude-code-token'] },
    modelMapping: { 'claude-sonnet-4-5': 'gpt-4.1' },
    providers: [
      { name: 'oa', protocol: 'openai', baseUrl: `${upstream.url}/v1`, keys: ['sk-oa'], models: ['gpt-4.1'] },
    ],
  })
  const recorder = await startRecorder(gateway.url)
  try {
    const run = await runClaudeCode({
      binary,
      gateway: recorder.url,
      token: 'claude-code-token',
      model,
      prompt: 'Read notes.txt and tell me what it says.',
      cwd: workdir,
      args: ['--allowedTools', 'Read', '--max-turns', '4'],
    })
    if (run.result?.is_error !== false) throw new Error(`Claude Code failed: ${run.stdout}\n${run.stderr}`)
    const turns = recorder.recorded.filter(
      (entry) => entry.path.startsWith('/anthropic/v1/messages') && !entry.path.includes('count_tokens'),
    )
    const second = turns[1]
    if (!second) throw new Error(`expected two message requests, got ${turns.length}`)
    const folder = join(import.meta.dirname, '..', '..', 'fixtures', 'claude-code')
    mkdirSync(folder, { recursive: true })
    const body = JSON.parse(sanitize(second.body, workdir, run.home)) as unknown
    writeFileSync(join(folder, `${name}-request.json`), `${JSON.stringify(body, null, 2)}\n`)
    const keep = ['anthropic-version', 'anthropic-beta', 'content-type', 'x-app']
    const headers = Object.fromEntries(
      keep.flatMap((header) => (second.headers[header] ? [[header, String(second.headers[header])]] : [])),
    )
    const version = /claude-cli\/([\d.]+)/.exec(String(second.headers['user-agent']))?.[1]
    writeFileSync(
      join(folder, `${name}-headers.json`),
      `${JSON.stringify({ claudeCodeVersion: version, path: second.path, headers }, null, 2)}\n`,
    )
    console.log(`recorded ${name}: ${second.body.length} bytes`)
  } finally {
    await recorder.close()
    await gateway.close()
    await upstream.close()
  }
}

async function main() {
  const binary = claudeCodeBinary()
  if (!binary) throw new Error(installHint)
  for (const { model, name } of recordings) await record(binary, model, name)
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
