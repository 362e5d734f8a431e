import { transform } from 'esbuild'
import { defineConfig } from 'vitest/config'

/**
 * Suites that time pinai (latency under hostile upstreams, the benchmark's smoke run) or load both CPUs
 * (the soak): they run after the rest, one at a time, so that neither disturbs the other's figures.
 */
const alone = ['test/e2e/hostile-upstreams.test.ts', 'test/e2e/soak-postgres.test.ts', 'test/bench/bench-smoke.test.ts']

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
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'dashboard/**/*.test.ts'],
          exclude: alone,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      { extends: true, test: { name: 'alone', include: alone, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
