import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PinaiConfig } from '../config/schema.ts'
import type { GatewayState } from './gateway-state.ts'
import { serveDashboard } from './serve-dashboard.ts'

const outside = mkdtempSync(join(tmpdir(), 'pinai-outside-'))
writeFileSync(join(outside, 'secret.txt'), 'secret')
const root = mkdtempSync(join(tmpdir(), 'pinai-web-'))
const folder = join(root, 'web')
mkdirSync(folder)
writeFileSync(join(folder, 'index.html'), '<!doctype html><title>app</title>')
writeFileSync(join(folder, 'main-ABCDEFGH.js'), 'console.log(1)')
writeFileSync(join(folder, '.complete'), 'done')
writeFileSync(join(root, 'package.json'), '{}')
symlinkSync(join(outside, 'secret.txt'), join(folder, 'link.txt'))

const deps = (web: boolean) => ({ state: () => ({ config: { server: { web } } as PinaiConfig }) as GatewayState })
const get = (path: string, web = true) => serveDashboard(deps(web), folder)(new Request(`http://pinai.test${path}`))

describe('serveDashboard', () => {
  it('serves hashed assets for a year and the app for client routes', async () => {
    const asset = await get('/main-ABCDEFGH.js')
    expect(asset?.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(asset?.headers.get('cache-control')).toContain('immutable')
    for (const path of ['/', '/logs', '/providers/x']) {
      const page = await get(path)
      expect(page?.status).toBe(200)
      expect(page?.headers.get('cache-control')).toBe('no-cache')
      expect(page?.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(await page?.text()).toContain('<title>app</title>')
    }
  })

  it('answers nothing outside the folder, for dotfiles, missing files, the APIs, or when off', async () => {
    for (const path of [
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/.complete',
      '/link.txt',
      '/missing.js',
      '/a%00.js',
      '/api/nothing',
      '/openai/v1/x',
      '/healthz',
    ]) {
      expect(await get(path), path).toBeUndefined()
    }
    expect(await get('/', false)).toBeUndefined()
  })
})
