import { randomBytes } from 'node:crypto'

/** The config `pinai init` writes: the README's shape, every provider commented out until one is filled in. */
export const initialConfig = `import { defineConfig } from 'pinai'

// Secrets are \${NAME} references, resolved from the environment and .env (never commit .env).
// Run \`pinai check\` after each edit; docs/config.md describes every key.
export default defineConfig({
  server: { port: 3000 },
  auth: {
    tokens: ['\${API_TOKEN}'], // what clients send as their API key
    adminToken: '\${ADMIN_TOKEN}', // for the admin API and the dashboard
  },
  storage: 'sqlite:data/pinai.db',
  rewrite: {
    default: ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'],
  },
  // Add providers here, or with \`pinai provider add NAME --protocol openai --base-url URL --key-var OPENAI_API_KEY\`:
  //   { name: 'openai', protocol: 'openai', baseUrl: 'https://api.openai.com/v1', keys: ['\${OPENAI_API_KEY}'], rewrite: 'default', models: ['gpt-4o-mini'] },
  // then \`pinai plan\` fetches their model lists and \`pinai apply\` writes them in.
  providers: [],
})
`

/** `.env.example`: the variables the config names, without values (this one is committed). */
export const envExample = `# Copy to .env and fill in. pinai reads .env beside the config; the environment wins over it.
API_TOKEN=
ADMIN_TOKEN=
OPENAI_API_KEY=
`

/** A fresh `.env` with random tokens, so the new config loads at once (mode 0600, never committed). */
export function initialEnv(): string {
  const token = () => `pinai-${randomBytes(24).toString('base64url')}`
  return `# Secrets of pinai.config.ts (keep out of git).
API_TOKEN=${token()}
ADMIN_TOKEN=${token()}
`
}

/** Lines `.gitignore` needs: the secrets and the request log / last plan folder. */
export const ignoredPaths = ['.env', 'data/']

/** A tsconfig that gives editors pinai's types for the config, wherever pinai is installed. */
export function editorTsconfig(typesFile: string): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      allowImportingTsExtensions: true,
      // Where `import … from 'pinai'` finds its types: the pinai that wrote this file.
      paths: { pinai: [typesFile] },
    },
    include: ['pinai.config.ts'],
  }
  return `${JSON.stringify(config, null, 2)}\n`
}
