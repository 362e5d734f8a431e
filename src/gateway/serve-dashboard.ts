import { readFile, realpath, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { Response } from '@whatwg-node/server'
import type { GatewayDeps } from './gateway-deps.ts'

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

/**
 * The page may load only its own files and talk to pinai servers: `connect-src` stays open to http(s)
 * because the server dialog points the dashboard at another pinai; nothing else leaves the origin.
 */
export const dashboardCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self' http: https:",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

const securityHeaders = {
  'content-security-policy': dashboardCsp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

/** esbuild names hashed assets `name-HASH.ext`: their content never changes under that name. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/
/** Paths that belong to the APIs: never answered with the app, so their own 404s stay in their shape. */
const API_PREFIXES = ['/api/', '/openai/', '/anthropic/', '/healthz']

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

async function fileResponse(path: string, cache: string): Promise<Response> {
  const body = await readFile(path)
  const type = contentTypes[extname(path)] ?? 'application/octet-stream'
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': type,
      'cache-control': cache,
      'content-length': String(body.length),
      ...securityHeaders,
    },
  })
}

/** The file under `root` a URL path names, or undefined when it would leave `root` or names a dotfile. */
async function fileUnder(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return undefined
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((segment) => segment.startsWith('.')))
    return undefined
  const candidate = resolve(root, `.${decoded}`)
  if (!candidate.startsWith(root + sep) || !(await isFile(candidate))) return undefined
  // A link inside the folder must not lead out of it either.
  const real = await realpath(candidate)
  return real.startsWith((await realpath(root)) + sep) ? real : undefined
}

/**
 * The dashboard's static files at `/` when `server.web` (ENABLE_WEB) is on and `folder` holds a build:
 * hashed assets cached for a year, `index.html` for every client route (a path without an extension).
 * Answers nothing (the next route decides) for the APIs' paths, or when the dashboard is off.
 */
export function serveDashboard(deps: Pick<GatewayDeps, 'state'>, folder: string | undefined) {
  const root = folder ? resolve(folder) : undefined
  return async (request: Request): Promise<Response | undefined> => {
    if (!root || !deps.state().config.server.web) return undefined
    const pathname = new URL(request.url).pathname
    if (API_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, '') || pathname.startsWith(prefix)))
      return undefined
    // Dotfiles (the build's marker) and dot-segments are neither files to serve nor client routes.
    if (pathname.split('/').some((segment) => segment.startsWith('.') || segment.toLowerCase().startsWith('%2e')))
      return undefined
    const file = pathname === '/' ? undefined : await fileUnder(root, pathname)
    if (file) return fileResponse(file, HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache')
    if (extname(pathname) !== '') return undefined
    const index = join(root, 'index.html')
    return (await isFile(index)) ? fileResponse(index, 'no-cache') : undefined
  }
}
