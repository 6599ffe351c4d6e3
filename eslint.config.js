// Lint run by `npm test` (ARCHITECTURE.md, "Tools"). Type-aware: the rules that need types (floating promises,
// promises where a callback returns void, needless assertions) are the ones that catch real bugs here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from './eslint/boundaries.js';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'test-output/**',
      'bench/results/**',
      'scratch/**',
      'migrations/**',
      'coverage/**',
      'node_modules/**',
      '**/*.d.ts',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Two programs, as `npm run typecheck` has them: the server's (src, test, bench, root *.ts) and the web's
        // (src/web with DOM types, src/contract).
        project: ['./tsconfig.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { zhongshu: boundaries },
    rules: {
      'zhongshu/imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: true, allowNever: true },
      ],
      // Fastify plugins and route handlers are async by contract (a plugin is async or takes `done`), whether or
      // not they await.
      '@typescript-eslint/require-await': 'off',
      // Chinese text has full-width spaces (U+3000) on purpose: in patterns that read 公文 and in comments citing them.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipRegExps: true, skipTemplates: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An `Authorized<…>` item is the kernel's proof that the actor passed the check (platform/items/service.ts makes
      // it, there alone): a cast elsewhere would forge one.
      'no-restricted-syntax': [
        'error',
        {
          selector: ':matches(TSAsExpression, TSTypeAssertion) TSTypeReference[typeName.name="Authorized"]',
          message: 'Authorized<…> is made only by readItem/readIssuedCopy in platform/items: a cast would forge the check',
        },
      ],
    },
  },
  {
    files: ['src/server/platform/items/service.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // antd's hooks (`App.useApp()`, `Form.useForm()`) hand out functions that do not use `this`; the rule cannot
    // know, and would ask for a wrapper around every `message.error`.
    files: ['src/web/**'],
    // React and antd ignore what an event handler returns; an async handler there is fire-and-forget by design and
    // reports its own failure (the mutation's onError, a message). Promises passed where a callback's value is read
    // (properties, arguments) are still checked.
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-syntax': [
        'error',
        {
          selector: ':matches(TSAsExpression, TSTypeAssertion) TSTypeReference[typeName.name="Authorized"]',
          message: 'Authorized<…> is made only by readItem/readIssuedCopy in platform/items: a cast would forge the check',
        },
        {
          // react-query awaits what onError returns, and antd's message resolves only when the toast closes: returned,
          // it keeps the mutation pending — the button loading, a retry ignored — for the toast's seconds.
          selector:
            'Property[key.name="onError"] > ArrowFunctionExpression[expression=true] > CallExpression[callee.object.name="message"]',
          message:
            'Do not return the message from onError (write `void message.error(…)`): the mutation would stay pending until the toast closes',
        },
      ],
    },
  },
  {
    // Tests and benchmarks read JSON answers (`res.json()`, rows of raw SQL) as they come: typing each one would
    // repeat the contract in every test. Product code keeps these rules.
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
  {
    // The repository's own scripts in plain JavaScript (bin/, this file): no type information.
    files: ['**/*.js'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
  },
);
