import { spawnSync } from 'node:child_process'
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { authenticateClient, createClientAuth } from '../../src/gateway/auth.ts'
import { NodeResponseSink } from '../../src/gateway/stream/node-response-sink.ts'
import { keepAliveComment } from '../../src/gateway/stream/keep-alive.ts'
import { StreamOutlet } from '../../src/gateway/stream/stream-outlet.ts'
import type { StreamSink } from '../../src/gateway/stream/stream-sink.ts'
import { createHealth, createRoutingTable, createSelector, type RoutingTable } from '../../src/routing/index.ts'
import { testConfig } from '../../src/routing/test-support.ts'
import { createUpstreamUrls } from '../../src/upstream/upstream-urls.ts'
import { seededRandom } from '../helpers/seeded-random.ts'

const retentionScript = fileURLToPath(new URL('../helpers/translate-input-retention.ts', import.meta.url))

const config = testConfig({
  auth: { tokens: ['shared-token'] },
  providers: [
    {
      name: 'relay-a',
      protocol: 'openai',
      baseUrl: 'https://a.example.com',
      keys: ['sk-a1', 'sk-a2'],
      models: ['gpt-4o-mini'],
    },
    { name: 'relay-b', protocol: 'anthropic', baseUrl: 'https://b.example.com', models: ['gpt-4o-mini'] },
  ],
})

describe('speed tricks a refactor could undo without another test noticing', () => {
  it('a committed translated stream does not keep its TranslateInput alive (closures of translateStage must not name `input`)', () => {
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', retentionScript], {
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(child.stderr).toBe('')
    expect(JSON.parse(child.stdout)).toEqual({ retained: false })
  })

  it(
    'a stream that commits within the first keep-alive interval is written to the Node response by its relay, not through a Response',
    { timeout: 10_000 },
    async () => {
      let opened: StreamSink | undefined
      let answered: Promise<Response> | undefined
      const server = createServer((_request, response) => {
        const outlet = new StreamOutlet({
          context: { res: response },
          headers: { 'content-type': 'text/event-stream' },
          onClientGone: () => undefined,
          keepAlive: keepAliveComment,
        })
        const writer = { resume: () => undefined, clientLeft: () => undefined }
        // The commit point, as a relay reaches it: the sink opens, what waited is written, then the end.
        const committed = Promise.resolve().then(() => {
          opened = outlet.open(writer)
          opened.write('data: x\n\n')
          opened.end()
        })
        answered = outlet.answer(committed, 1_000, () => '')
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      try {
        const { port } = server.address() as AddressInfo
        const response = await new Promise<IncomingMessage>((resolve, reject) =>
          httpRequest({ host: '127.0.0.1', port }, resolve).on('error', reject).end(),
        )
        expect(opened).toBeInstanceOf(NodeResponseSink)
        const text = await new Promise<string>((resolve) => {
          let received = ''
          response.on('data', (chunk: Buffer) => (received += chunk.toString()))
          response.on('end', () => resolve(received))
        })
        expect(text).toBe('data: x\n\n')
        // The adapter gets an empty answer once the relay's response has closed (it writes nothing then).
        expect((await answered)?.body).toBeNull()
      } finally {
        await new Promise((resolve) => server.close(resolve))
      }
    },
  )

  it("a caller's next request is let in from the config's accepted callers, a wrong token never is", () => {
    const auth = createClientAuth(config)
    expect(auth.digests.get('shared-token')).toBeDefined()
    const bearer = (token: string) => new Headers({ authorization: `Bearer ${token}` })
    const caller = authenticateClient(auth, bearer('shared-token'), false)
    expect(auth.accepted.get('shared-token')).toBe(caller)
    expect(authenticateClient(auth, bearer('shared-token'), false)).toBe(caller)
    expect(() => authenticateClient(auth, bearer('wrong-token'), false)).toThrow(/invalid API token/)
    expect(auth.accepted.has('wrong-token')).toBe(false)
  })

  it("the selector takes a whole pool's tiers from the routing table, made once per config", () => {
    const table = createRoutingTable(config)
    const pool = table.channels('gpt-4o-mini')
    const tiers = table.wholePoolTiers(pool)
    expect(tiers).toBeDefined()
    expect(table.wholePoolTiers(pool)).toBe(tiers)
    expect(table.wholePoolTiers([...pool])).toBe(tiers)
    expect(table.wholePoolTiers(pool.slice(1))).toBeUndefined()
    let asked = 0
    const counting: RoutingTable = { ...table, wholePoolTiers: (channels) => (asked++, table.wholePoolTiers(channels)) }
    const selector = createSelector({
      strategy: 'weighted',
      table: counting,
      health: createHealth({ now: Date.now, cooldownBase: 1_000, cooldownMax: 60_000 }),
      random: seededRandom(1),
      now: Date.now,
    })
    expect(selector.pick(pool, new Set())).toBeDefined()
    expect(asked).toBe(1)
  })

  it('an upstream URL is parsed once per config', () => {
    const urls = createUpstreamUrls()
    const url = urls.of('openai', 'https://a.example.com/v1', '/chat/completions')
    expect(url.href).toBe('https://a.example.com/v1/chat/completions')
    expect(urls.of('openai', 'https://a.example.com/v1', '/chat/completions')).toBe(url)
  })
})
