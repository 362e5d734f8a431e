// ESLint checks what the formatter does not: bugs (promises left floating, unsafe `any` flow, unreachable
// code) and the project's own rules (no `any`, type imports marked). Layout is Prettier's job
// (.prettierrc.json); no rule here concerns it.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-output/', 'schemas/', '.ci/claude-code/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
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
      // Two dozen today, all auto-fixable: `npm run lint:fix` clears them in one pass.
      '@typescript-eslint/no-unnecessary-type-assertion': 'warn',
      eqeqeq: ['error', 'smart'],
      'no-self-compare': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
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
