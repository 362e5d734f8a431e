// ESLint checks what the formatter does not: bugs (promises left floating, unsafe `any` flow, unreachable
// code) and the project's own rules (no `any`, type imports marked). Layout is Prettier's job
// (prettier.config.js); no rule here concerns it.
import js from '@eslint/js'
import globals from 'globals'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // What .gitignore keeps out, generated files, and .ci/ (the pinned CLIs the end-to-end suites install).
  { ignores: ['dist/', 'data/', 'coverage/', 'test-output/', '.tmp/', 'schemas/', '.ci/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // A rejection passes on the reason it was given (an abort's reason, an upstream's error) unchanged.
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // Async functions that do not await keep an interface's shape or turn a throw into a rejection.
      '@typescript-eslint/require-await': 'off',
      // Lit binds an element's event listeners to the element; the rest is covered by tsc's `this` types.
      '@typescript-eslint/unbound-method': 'off',
      // A score of them are left, nearly all auto-fixable (`npm run lint:fix`); an error once they are gone.
      '@typescript-eslint/no-unnecessary-type-assertion': 'warn',
      // A FormData field is a string unless its form has a file input, and the dashboard's forms have none.
      '@typescript-eslint/no-base-to-string': [
        'error',
        { ignoredTypeNames: ['Error', 'RegExp', 'URL', 'URLSearchParams', 'File'] },
      ],
      // Initial values before a `try`, and `x = undefined` that lets the GC take a large buffer early.
      'no-useless-assignment': 'off',
      // Escaping control characters (logs, terminal output, SSE text) is the point where one is matched.
      'no-control-regex': 'off',
      eqeqeq: ['error', 'smart'],
      'no-self-compare': 'error',
      'no-unreachable-loop': 'error',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      // Vitest's asymmetric matchers (`expect.any`, `expect.stringMatching`) are typed `any`, and tests
      // read parsed JSON they then compare whole.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // A test server's async handler that throws is an unhandled rejection, which fails the run.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    files: ['dashboard/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // bin/ is plain JavaScript outside every tsconfig: no type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
)
