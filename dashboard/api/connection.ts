/** Where the dashboard's admin API is and the token it sends: the serving pinai by default. */
export interface Connection {
  /** Origin of another pinai (`http://host:3000`); empty for the pinai that served this page. */
  baseUrl: string
  token: string
}

const STORAGE_KEY = 'pinai.connection'

/** The connection kept in this browser, if any. */
export function loadConnection(): Connection | undefined {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<Connection> | null
    if (!value || typeof value.token !== 'string') return undefined
    return { baseUrl: typeof value.baseUrl === 'string' ? value.baseUrl : '', token: value.token }
  } catch {
    return undefined
  }
}

/** Keeps the connection for the next visit. */
export function saveConnection(connection: Connection): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(connection))
}

/** Forgets the token (sign out). */
export function clearConnection(): void {
  localStorage.removeItem(STORAGE_KEY)
}
