// pinai's configuration. Secrets are ${VAR} references, resolved from the environment and .env;
// `pinai plan` / `pinai apply` edit this file as a reviewable patch. Reference: README.md.
import { defineConfig } from 'pinai'

export default defineConfig({
  server: { port: 3000, web: true },
  auth: {
    // Empty (the default here) means no-auth mode: fine on localhost, loudly reported at start.
    tokens: ['${API_TOKEN:-}'],
  },
  storage: 'sqlite:data/pinai.db',
  routing: { strategy: 'weighted', maxAttempts: 4, firstByteTimeout: '60s', cooldown: { base: '15s', max: '10m' } },
  modelMapping: {},
  rewrite: {
    default: ['lowercase', 'strip-group-tag', 'unify-hyphens', 'strip-date-suffix'],
  },
  providers: [
    {
      name: 'openai',
      protocol: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      keys: ['${OPENAI_API_KEY:-}'],
      rewrite: 'default',
      models: ['gpt-4o-mini', 'gpt-4.1'],
    },
    {
      name: 'anthropic',
      protocol: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      keys: ['${ANTHROPIC_API_KEY:-}'],
      models: [{ id: 'claude-sonnet-4-20250514', name: 'claude-sonnet-4' }],
    },
  ],
})
