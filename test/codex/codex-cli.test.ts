import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MockUpstream, SeenRequest } from '../helpers/mock-upstream.ts'
import { startPinai, type PinaiProcess } from '../helpers/pinai-process.ts'
import {
  answerPrefix,
  callIds,
  catCommand,
  cutText,
  essayMarker,
  greeting,
  reasoningText,
  refusalMarker,
  secondCommand,
  signatures,
  startCatToolUpstream,
} from './cat-tool-upstream.ts'
import { codexBinary, installHint, runCodex, type CodexRun, type RunOptions } from './codex-binary.ts'
import { upstreamTurn, type UpstreamProtocol } from './upstream-turn.ts'

const binary = codexBinary()
// Locally a missing install skips with the hint; in CI it fails (the install is part of .ci/run).
const runHere = Boolean(binary) || Boolean(process.env.CI)
const suiteName = 'Codex CLI through the real pinai command'
// Said out loud: a skipped suite is otherwise one dim line that nobody reads.
if (!runHere) console.warn(`skipped: ${suiteName}. ${installHint} to run it.`)

const secret = 'pinai carried this line from exec_command: 9c1e-harbor-17'
const todo = 'todo: rotate the harbor keys'
const oneShotPrompt = 'Say hello.'
const toolPrompt = `Run \`${catCommand}\` and tell me what it says.`
const token = 'codex-token'

let upstream: MockUpstream
let pinai: PinaiProcess
let workdir: string

/** Each upstream protocol: the model Codex asks pinai for, the upstream path it lands on, the key pinai sends. */
const upstreams: Array<{
  label: string
  protocol: UpstreamProtocol
  model: string
  path: string
  auth: [string, string]
}> = [
  {
    label: 'an OpenAI chat',
    protocol: 'openai',
    model: 'gpt-4.1',
    path: '/v1/chat/completions',
    auth: ['authorization', 'Bearer sk-oa-upstream'],
  },
  {
    label: 'an Anthropic',
    protocol: 'anthropic',
    model: 'claude-sonnet-4-5',
    path: '/v1/messages',
    auth: ['x-api-key', 'sk-ant-upstream'],
  },
  {
    label: 'a Gemini',
    protocol: 'gemini',
    model: 'gemini-2.5-pro',
    path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse',
    auth: ['x-goog-api-key', 'gemini-upstream-key'],
  },
  {
    label: 'a Responses',
    protocol: 'responses',
    model: 'gpt-5-codex',
    path: '/v1/responses',
    auth: ['authorization', 'Bearer sk-rs-upstream'],
  },
]

describe.skipIf(!runHere)(runHere ? suiteName : `${suiteName} (skipped: ${installHint})`, () => {
  beforeAll(async () => {
    if (!binary) throw new Error(installHint)
    workdir = mkdtempSync(join(tmpdir(), 'pinai-codex-work-'))
    writeFileSync(join(workdir, 'notes.txt'), `${secret}\n`)
    writeFileSync(join(workdir, 'todo.txt'), `${todo}\n`)
    // Every answer starts after 300 ms, so pinai holds the line with keep-alive comments first.
    upstream = await startCatToolUpstream({ firstDelayMs: 300 })
  })

  afterAll(async () => {
    await upstream?.close()
    if (workdir) rmSync(workdir, { recursive: true, force: true })
  })

  const ask = (model: string, prompt: string, options: Partial<RunOptions> = {}): Promise<CodexRun> =>
    runCodex({
      binary: binary as string,
      baseUrl: options.baseUrl ?? `${pinai.url}/openai/v1`,
      token,
      model,
      prompt,
      cwd: workdir,
      ...options,
    })

  const explain = (run: CodexRun) =>
    `exit ${run.code}\nstdout: ${run.stdout.slice(-3000)}\nstderr: ${run.stderr.slice(-2000)}\npinai: ${pinai?.output().slice(-2000)}`

  /** The message of the run's `turn.failed`, when it failed. */
  const failure = (run: CodexRun) => run.events.find((event) => event.type === 'turn.failed')?.error?.message

  /** The upstream requests a run made on `path`, and each read in its protocol. */
  const callsSince = (before: number, path: string, protocol: UpstreamProtocol) => {
    const calls = upstream.requests.slice(before).filter((request: SeenRequest) => request.path === path)
    return { calls, turns: calls.map((call) => upstreamTurn(protocol, call.body)) }
  }

  it('runs the tool round trip against the mock model directly (the baseline: the mock speaks what Codex needs)', async () => {
    const run = await ask('gpt-5-codex', toolPrompt, { baseUrl: `${upstream.url}/v1` })
    expect(run.code, explain(run)).toBe(0)
    expect(run.messages.at(-1)).toBe(answerPrefix + secret)
  }, 60_000)

  describe('through pinai', () => {
    let configDir: string

    beforeAll(async () => {
      configDir = mkdtempSync(join(tmpdir(), 'pinai-codex-config-'))
      writeFileSync(
        join(configDir, 'pinai.config.ts'),
        `export default {
  auth: { tokens: ['\${API_TOKEN}'] },
  routing: { keepAliveInterval: '100ms' },
  providers: [
    { name: 'oa', protocol: 'openai', baseUrl: '${upstream.url}/v1', keys: ['\${OA_KEY}'], models: ['gpt-4.1'] },
    { name: 'an', protocol: 'anthropic', baseUrl: '${upstream.url}', keys: ['\${AN_KEY}'], models: ['claude-sonnet-4-5'] },
    { name: 'ge', protocol: 'gemini', baseUrl: '${upstream.url}', keys: ['\${GE_KEY}'], models: ['gemini-2.5-pro'] },
    { name: 'rs', protocol: 'openai-responses', baseUrl: '${upstream.url}/v1', keys: ['\${RS_KEY}'], models: ['gpt-5-codex'] },
  ],
}
`,
      )
      writeFileSync(
        join(configDir, '.env'),
        `API_TOKEN=${token}\nOA_KEY=sk-oa-upstream\nAN_KEY=sk-ant-upstream\nGE_KEY=gemini-upstream-key\nRS_KEY=sk-rs-upstream\n`,
      )
      pinai = await startPinai(['--config', join(configDir, 'pinai.config.ts')], {
        cwd: configDir,
        env: { DATABASE_URL: `sqlite:${join(configDir, 'pinai.db')}` },
      })
    }, 30_000)

    afterAll(async () => {
      await pinai?.stop()
      if (configDir) rmSync(configDir, { recursive: true, force: true })
    })

    it("shows pinai's own refusals in Codex's words: a wrong token, an unknown model", async () => {
      const before = upstream.requests.length
      const wrongToken = await ask('gpt-4.1', oneShotPrompt, { token: 'not-a-pinai-token' })
      expect(wrongToken.code, explain(wrongToken)).toBe(1)
      expect(failure(wrongToken)).toMatch(/^unexpected status 401 Unauthorized: invalid API token/)
      const unknownModel = await ask('no-such-model', oneShotPrompt)
      expect(unknownModel.code, explain(unknownModel)).toBe(1)
      expect(failure(unknownModel)).toContain('"no-such-model" does not exist')
      expect(upstream.requests.length).toBe(before)
    }, 60_000)

    describe.each(upstreams)('to $label upstream', ({ protocol, model, path, auth }) => {
      it('prints the answer to a one-shot prompt, with the reasoning and the usage', async () => {
        const before = upstream.requests.length
        const run = await ask(model, oneShotPrompt)
        expect(run.code, explain(run)).toBe(0)
        expect(run.messages, explain(run)).toEqual([greeting])
        const { calls, turns } = callsSince(before, path, protocol)
        expect(calls).toHaveLength(1)
        expect(calls[0]?.headers[auth[0]]).toBe(auth[1])
        // Codex's system prompt is two developer messages; its environment context a user message before the prompt.
        expect(turns[0]?.system).toContain('Codex CLI')
        expect(turns[0]?.userText).toContain('<environment_context>')
        expect(turns[0]?.userText).toContain(oneShotPrompt)
        expect(turns[0]?.toolNames).toContain('exec_command')
        if (protocol === 'anthropic') expect((calls[0]?.body as { max_tokens?: number }).max_tokens).toBeGreaterThan(0)
        if (protocol === 'gemini')
          expect(JSON.stringify((calls[0]?.body as { tools?: unknown }).tools)).not.toContain('additionalProperties')
        const reasoning = run.events.flatMap((event) =>
          event.type === 'item.completed' && event.item?.type === 'reasoning' ? [event.item.text] : [],
        )
        expect.soft(reasoning, 'Codex shows the upstream reasoning').toEqual([reasoningText])
        const usage = run.events.find((event) => event.type === 'turn.completed')?.usage
        expect.soft(usage, 'Codex counts the upstream usage').toMatchObject({ input_tokens: 9120, output_tokens: 41 })
      }, 60_000)

      it('runs the exec_command the model asks for and sends the file back to it', async () => {
        const before = upstream.requests.length
        const run = await ask(model, toolPrompt)
        expect(run.code, explain(run)).toBe(0)
        expect(run.commands, explain(run)).toHaveLength(1)
        expect(run.commands[0]?.command).toContain(catCommand)
        expect(run.commands[0]?.output).toContain(secret)
        expect(run.messages.at(-1), explain(run)).toBe(answerPrefix + secret)
        const { calls, turns } = callsSince(before, path, protocol)
        expect(calls).toHaveLength(2)
        const second = turns[1]
        expect(second?.calls).toEqual([
          expect.objectContaining({ name: 'exec_command', arguments: { cmd: catCommand } }),
        ])
        expect(second?.results).toHaveLength(1)
        expect(second?.results[0]?.text).toContain(secret)
        if (protocol === 'gemini') expect(second?.results[0]?.name).toBe('exec_command')
        else
          expect([second?.calls[0]?.id, second?.results[0]?.id]).toEqual([callIds[protocol][0], callIds[protocol][0]])
      }, 60_000)

      it('runs two exec_commands the model asks for in one turn and sends both outputs back, each to its call', async () => {
        const before = upstream.requests.length
        const run = await ask(model, `Run \`${catCommand}\` and \`${secondCommand}\` and tell me what they say.`)
        expect(run.code, explain(run)).toBe(0)
        // Codex runs them side by side: they finish in either order, their outputs go back in the calls' order.
        expect(run.commands.map((command) => command.output.trim()).sort(), explain(run)).toEqual([secret, todo].sort())
        expect(run.messages.at(-1), explain(run)).toBe(`${answerPrefix}${secret} / ${todo}`)
        const { calls, turns } = callsSince(before, path, protocol)
        expect(calls).toHaveLength(2)
        const second = turns[1]
        expect(second?.calls.map((call) => call.arguments)).toEqual([{ cmd: catCommand }, { cmd: secondCommand }])
        expect(second?.results.map((result) => result.text.trim().split('\n').at(-1))).toEqual([secret, todo])
        if (protocol !== 'gemini') {
          expect(second?.calls.map((call) => call.id)).toEqual(callIds[protocol])
          expect(second?.results.map((result) => result.id)).toEqual(callIds[protocol])
        }
      }, 60_000)

      it('shows an answer cut at the token limit, then fails the turn as incomplete', async () => {
        const run = await ask(model, `Write ${essayMarker}.`)
        expect(run.code, explain(run)).toBe(1)
        expect(run.messages, explain(run)).toEqual([cutText])
        expect(failure(run)).toBe('Incomplete response returned, reason: max_output_tokens')
      }, 60_000)

      it("fails the turn on the upstream's 400 with its reason, asking once", async () => {
        const before = upstream.requests.length
        const run = await ask(model, `Summarize ${refusalMarker}.`)
        expect(run.code, explain(run)).toBe(1)
        expect(callsSince(before, path, protocol).calls).toHaveLength(1)
        // Every upstream's overflow reaches Codex as OpenAI's code context_length_exceeded, which Codex words itself.
        expect(failure(run), explain(run)).toContain("Codex ran out of room in the model's context window")
      }, 60_000)

      if (protocol !== 'openai') {
        it("keeps the upstream's reasoning on through the tool turn at Codex's reasoning effort, replaying its signature", async () => {
          const before = upstream.requests.length
          const run = await ask(model, toolPrompt, { reasoningEffort: 'high' })
          expect(run.code, explain(run)).toBe(0)
          const { calls, turns } = callsSince(before, path, protocol)
          expect(calls).toHaveLength(2)
          expect(turns[1]?.signature).toBe(signatures[protocol])
          const bodies = calls.map((call) => call.body as Record<string, unknown>)
          for (const body of bodies) {
            if (protocol === 'anthropic') expect(body.thinking).toMatchObject({ type: 'enabled' })
            if (protocol === 'gemini')
              expect(body.generationConfig).toMatchObject({ thinkingConfig: { includeThoughts: true } })
            if (protocol === 'responses') expect(body.reasoning).toMatchObject({ effort: 'high' })
          }
          // Anthropic refuses thinking on a tool turn whose assistant message does not start with its signed thinking block.
          if (protocol === 'anthropic') {
            const assistant = (bodies[1]?.messages as Array<{ role: string; content: Array<{ type: string }> }>).find(
              (message) => message.role === 'assistant',
            )
            expect(assistant?.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use'])
          }
        }, 60_000)
      }
    })
  })
})
