// Lint for bugs, not style: type-aware typescript-eslint rules (floating and misused promises,
// awaiting non-promises, needless assertions) and import cycles between modules. Formatting and
// naming are left to review. `npm run lint` runs this over the whole repository.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const NO_UNSAFE_OFF = Object.fromEntries(
  ['no-unsafe-argument', 'no-unsafe-assignment', 'no-unsafe-call', 'no-unsafe-member-access', 'no-unsafe-return'].map((rule) => [
    `@typescript-eslint/${rule}`,
    'off',
  ]),
);

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/.next/',
    '**/.turbo/',
    '**/dist/',
    '**/next-env.d.ts',
    'packages/db/src/generated/',
    // Data, not code: fixtures (test inputs with their provenance; fixtures/*.ts, the path helper,
    // is linted) and run outputs.
    'fixtures/*/',
    'data/',
    'test-output/',
    'apps/wordpress-plugin/clearance/',
  ]),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,

  {
    languageOptions: {
      parserOptions: {
        // Each file is checked against the tsconfig.json nearest to it that includes it: the
        // workspaces' own, or the root one for bench/, scripts/ and the root config files. A file in
        // no project is a parse error, so a new folder cannot slip by unlinted.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      // The API imports with explicit `.ts` specifiers, the dashboard without extensions, and the
      // workspace packages (@clearance/*) resolve through node_modules links to their src/.
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
          conditionNames: ['types', 'import', 'node', 'default'],
        }),
      ],
    },
    rules: {
      // Modules import each other in one direction (CONVENTIONS.md, practice 15). Type-only
      // imports are not followed: they vanish at run time. Third-party packages are not walked.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },

  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      // Plain JavaScript run by Node: TypeScript does not check these names, so no-undef does.
      globals: Object.fromEntries(
        ['process', 'console', 'setTimeout', 'clearTimeout', 'fetch', 'URL', 'AbortSignal', 'Buffer'].map((name) => [name, 'readonly']),
      ),
    },
    // Untyped code is `any` wherever it parses JSON or starts from `[]`, and there is no
    // annotation to write: the no-unsafe-* rules only make sense in TypeScript.
    rules: NO_UNSAFE_OFF,
  },

  {
    files: ['**/test/**', '**/*.test.ts'],
    // Tests read response bodies (`res.json()`, `JSON.parse`, `call<T = any>()`) as `any` and
    // assert their shape with expect(); flagging every use (500+ findings) would hide real ones.
    rules: { ...NO_UNSAFE_OFF, '@typescript-eslint/no-explicit-any': 'off' },
  },

  {
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // Fastify plugins, hooks and handlers are async by contract (Fastify awaits what they return
      // instead of taking a done callback), as are interface methods such as BlobStore.close: an
      // async function without await is how they are written here, not a bug.
      '@typescript-eslint/require-await': 'off',
      // Untrusted text is checked and cleaned for control characters on purpose (NUL refusal,
      // filenames, letters, pack text): those regular expressions are the point, not a typo.
      'no-control-regex': 'off',
      // `_`-prefixed names are deliberately unused: parameters an interface requires, and fields
      // dropped from an object by rest destructuring.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
);
