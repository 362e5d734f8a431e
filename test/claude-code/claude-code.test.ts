import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockUpstream } from '../helpers/mock-upstream.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import { claudeCodeBinary, installHint, runClaudeCode, type ClaudeCodeRun } from './claude-code-binary.ts'
import { answerPrefix, startReadToolUpstream } from './read-tool-upstream.ts'

const binary = claudeCodeBinary()
// Locally a missing install skips with the hint; in CI it fails (the install is part of .ci/run).
const runHere = Boolean(binary) || Boolean(process.env.CI)
const suiteName = 'Claude Code through the real pinai command'
// Said out loud: a skipped suite is otherwise one dim line that nobody reads.
if (!runHere) console.warn(`skipped: ${suiteName}. ${installHint} to run it.`)

const secret = 'pinai carried this line from the Read tool: 7f3a-fjord-42'
let upstream: MockUpstream
let pinai: PinaiProcess
let workdir: string
let filePath: string

describe.skipIf(!runHere)(runHere ? suiteName : `${suiteName} (skipped: ${installHint})`, () => {
  beforeAll(async () => {
    if (!binary) throw new Error(installHint)
    workdir = mkdtempSync(join(tmpdir(), 'pinai-claude-work-'))
    filePath = join(workdir, 'notes.txt')
    writeFileSync(filePath, `${secret}\n`)
    // The first answer comes after 300 ms, so pinai holds the line with keep-alive comments first.
    upstream = await startReadToolUpstream({ filePath, firstDelayMs: 300 })
    const configDir = mkdtempSync(join(tmpdir(), 'pinai-claude-config-'))
    writeFileSync(
      join(configDir, 'pinai.config.ts'),
      `export default {
  auth: { tokens: ['\${API_TOKEN}'] },
  routing: { keepAliveInterval: '100ms' },
  providers: [
    { name: 'oa', protocol: 'openai', baseUrl: '${upstream.url}/v1', keys: ['\${OA_KEY}'], models: ['gpt-4.1'] },
    { name: 'ge', protocol: 'gemini', baseUrl: '${upstream.url}', keys: ['\${GE_KEY}'], models: ['gemini-2.5-pro'] },
  ],
}
`,
    )
    writeFileSync(
      join(configDir, '.env'),
      'API_TOKEN=claude-code-token\nOA_KEY=sk-oa-upstream\nGE_KEY=gemini-upstream-key\n',
    )
    pinai = await startPinai(['--config', join(configDir, 'pinai.config.ts')], {
      cwd: configDir,
      env: { DATABASE_URL: `sqlite:${join(configDir, 'pinai.db')}` },
    })
  }, 30_000)

  afterAll(async () => {
    await pinai?.stop()
    await upstream?.close()
  })

  const ask = (model: string): Promise<ClaudeCodeRun> =>
    runClaudeCode({
      binary: binary as string,
      gateway: pinai.url,
      token: 'claude-code-token',
      model,
      prompt: 'Read notes.txt and tell me what it says.',
      cwd: workdir,
      args: ['--allowedTools', 'Read', '--max-turns', '4'],
    })

  const explain = (run: ClaudeCodeRun) =>
    `exit ${run.code}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}\npinai: ${pinai.output().slice(-2000)}`

  it('completes a Read round trip against an OpenAI-protocol upstream', async () => {
    const before = upstream.requests.length
    const run = await ask('gpt-4.1')
    expect(run.result, explain(run)).toBeDefined()
    expect(run.result?.is_error, explain(run)).toBe(false)
    expect(run.result?.result).toContain(answerPrefix)
    expect(run.result?.result).toContain(secret)
    const calls = upstream.requests.slice(before).filter((request) => request.path === '/v1/chat/completions')
    expect(calls).toHaveLength(2)
    const [first, second] = calls.map(
      (call) =>
        call.body as {
          messages: Array<Record<string, unknown>>
          tools: Array<{ function: { name: string; parameters: { properties: Record<string, unknown> } } }>
          stream: boolean
        },
    )
    expect(first?.stream).toBe(true)
    expect(first?.messages[0]?.role).toBe('system')
    expect(first?.tools.find((tool) => tool.function.name === 'Read')?.function.parameters.properties).toHaveProperty(
      'file_path',
    )
    expect(JSON.stringify(first)).not.toContain('cache_control')
    expect(calls[0]?.headers.authorization).toBe('Bearer sk-oa-upstream')
    // The tool call went back as the assistant's call and the file's text as its tool message.
    const assistant = second?.messages.find((message) => message.role === 'assistant' && message.tool_calls) as
      { tool_calls: Array<{ id: string; function: { name: string; arguments: string } }> } | undefined
    expect(assistant?.tool_calls).toEqual([
      {
        id: 'call_Read01',
        type: 'function',
        function: { name: 'Read', arguments: JSON.stringify({ file_path: filePath }) },
      },
    ])
    const tool = second?.messages.find((message) => message.role === 'tool') as
      { tool_call_id: string; content: unknown } | undefined
    expect(tool?.tool_call_id).toBe('call_Read01')
    expect(JSON.stringify(tool?.content)).toContain(secret)
  })

  it('completes a Read round trip against a Gemini-protocol upstream, replaying the thought signature', async () => {
    const before = upstream.requests.length
    const run = await ask('gemini-2.5-pro')
    expect(run.result, explain(run)).toBeDefined()
    expect(run.result?.is_error, explain(run)).toBe(false)
    expect(run.result?.result).toContain(secret)
    const calls = upstream.requests.slice(before).filter((request) => request.path.includes(':streamGenerateContent'))
    expect(calls.map((call) => call.path)).toEqual(
      Array(2).fill('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse'),
    )
    const first = calls[0]?.body as {
      tools: Array<{ functionDeclarations: Array<{ name: string }> }>
      systemInstruction: unknown
    }
    expect(first.tools.flatMap((tool) => tool.functionDeclarations.map((declaration) => declaration.name))).toContain(
      'Read',
    )
    expect(first.systemInstruction).toBeDefined()
    expect(JSON.stringify(first)).not.toContain('$schema')
    expect(calls[0]?.headers['x-goog-api-key']).toBe('gemini-upstream-key')
    const contents = (calls[1]?.body as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> })
      .contents
    const callTurn = contents.find((content) => content.parts.some((part) => part.functionCall))
    expect(callTurn?.role).toBe('model')
    expect(callTurn?.parts.find((part) => part.functionCall)).toMatchObject({
      functionCall: { name: 'Read', args: { file_path: filePath } },
      thoughtSignature: 'CiQBcsjafRead01',
    })
    const answerTurn = contents[contents.indexOf(callTurn as (typeof contents)[number]) + 1]
    expect(answerTurn?.role).toBe('user')
    const response = answerTurn?.parts.find((part) => part.functionResponse) as
      { functionResponse: { name: string; response: unknown } } | undefined
    expect(response?.functionResponse.name).toBe('Read')
    expect(JSON.stringify(response?.functionResponse.response)).toContain(secret)
  })
})
