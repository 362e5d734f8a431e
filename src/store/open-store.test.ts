import { describe, expect, it } from 'vitest'
import { parseStoreUrl } from './open-store.ts'

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:data/pinai.db', { driver: 'sqljs', path: 'data/pinai.db' }],
    ['sqlite://data/pinai.db', { driver: 'sqljs', path: 'data/pinai.db' }],
    ['sqlite:///var/lib/pinai.db', { driver: 'sqljs', path: '/var/lib/pinai.db' }],
    ['sqlite::memory:', { driver: 'sqljs', path: ':memory:' }],
    ['memory:', { driver: 'memory' }],
    ['postgres://u:p@db:5432/pinai', { driver: 'postgres', url: 'postgres://u:p@db:5432/pinai' }],
    ['postgresql://db/pinai?schema=logs', { driver: 'postgres', url: 'postgresql://db/pinai?schema=logs' }],
    ['mysql://root@db:3306/pinai', { driver: 'mysql', url: 'mysql://root@db:3306/pinai' }],
    ['mariadb://root@db/pinai', { driver: 'mysql', url: 'mariadb://root@db/pinai' }],
  ])('reads %s', (url, target) => {
    expect(parseStoreUrl(url)).toEqual(target)
  })

  it('refuses other schemes without echoing the URL, which may hold a password', () => {
    expect(() => parseStoreUrl('redis://user:s3cret@host')).toThrow(/unsupported database URL scheme "redis:"/)
    expect(() => parseStoreUrl('redis://user:s3cret@host')).not.toThrow(/s3cret/)
    expect(() => parseStoreUrl('data/pinai.db')).toThrow(/unsupported/)
    expect(() => parseStoreUrl('sqlite:')).toThrow(/needs a file path/)
  })
})
