import { transform } from 'esbuild'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [
    {
      // The dashboard's Lit elements use standard decorators (`@state() accessor x`): lowered by esbuild,
      // as bin/build-dashboard.mjs does, before the test runner's own transform sees them.
      name: 'dashboard-decorators',
      enforce: 'pre',
      async transform(code, id) {
        if (!/\/dashboard\/.*\.ts$/.test(id) || id.endsWith('.test.ts')) return undefined
        const result = await transform(code, { loader: 'ts', target: 'es2022', sourcefile: id, sourcemap: true })
        return { code: result.code, map: result.map }
      },
    },
  ],
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'dashboard/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 2,
  },
})
