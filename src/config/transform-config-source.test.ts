import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { ConfigSyntaxError, NeedsBabelError, transformConfigSource } from './transform-config-source.ts'

const file = '/configs/pinai.config.ts'
const transform = (source: string) => transformConfigSource({ source, filename: file, ts: true })

describe('transformConfigSource', () => {
  it('turns TypeScript into CommonJS with import.meta.url, filename and dirname of the file', () => {
    const { code } = transform(
      `const folder: string = import.meta.dirname\nexport default { folder, file: import.meta.filename, url: import.meta.url }\n`,
    )
    const module = { exports: {} as { default?: unknown } }
    runInNewContext(code, { module, exports: module.exports, require: () => ({}) })
    expect(module.exports.default).toEqual({ folder: '/configs', file, url: 'file:///configs/pinai.config.ts' })
  })

  it('says where a syntax error is, line and column from 1', () => {
    const error = (() => {
      try {
        transform(`export default {\n  providers: [,\n  server: 1\n}\n`)
      } catch (thrown) {
        return thrown
      }
    })()
    expect(error).toBeInstanceOf(ConfigSyntaxError)
    expect((error as ConfigSyntaxError).location).toBe(`${file}:3:9`)
    expect((error as ConfigSyntaxError).message).toBe('Expected "]" but found ":"')
  })

  it('leaves top-level await and import.meta.resolve to Babel', () => {
    expect(() => transform(`const key = await Promise.resolve('k')\nexport default { key }\n`)).toThrow(NeedsBabelError)
    expect(() => transform(`export default { where: import.meta.resolve('./x.ts') }\n`)).toThrow(NeedsBabelError)
  })
})
