// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Connection } from '../api/connection.ts'
import { serverOrigin } from './pinai-login.ts'

describe('<pinai-login>', () => {
  it('signs in with the typed token when the form is submitted (Enter)', async () => {
    const element = document.createElement('pinai-login')
    document.body.append(element)
    await element.updateComplete
    const root = element.shadowRoot
    const input = root?.querySelector<HTMLInputElement>('form input[name="token"]')
    expect(input?.type).toBe('password')
    if (input) input.value = '  admin-token '
    const login = new Promise<Connection>((resolve) =>
      element.addEventListener('pinai-login', (event) => resolve(event.detail)),
    )
    root?.querySelector('form')?.dispatchEvent(new Event('submit', { cancelable: true }))
    expect(await login).toEqual({ baseUrl: '', token: 'admin-token' })
  })

  it('shows why the last attempt failed', async () => {
    const element = document.createElement('pinai-login')
    element.failure = 'Wrong admin token'
    document.body.append(element)
    await element.updateComplete
    expect(element.shadowRoot?.querySelector('[role="alert"]')?.textContent).toBe('Wrong admin token')
  })
})

describe('serverOrigin', () => {
  it('takes what a person types as a server address', () => {
    expect(serverOrigin('192.168.1.20:3000')).toBe('http://192.168.1.20:3000')
    expect(serverOrigin('https://pinai.example.com/dashboard/')).toBe('https://pinai.example.com')
    expect(serverOrigin('  ')).toBe('')
    expect(serverOrigin(location.origin)).toBe('')
  })
})
