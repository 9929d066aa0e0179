// Lint: typescript-eslint's recommended rules, and the architecture as import rules that fail CI
// when a layer reaches the wrong way: server/http -> server/domain -> server/db, pure leaves
// (catalogue, siting solvers, targeting arithmetic, exports writers) that import no layer, and a
// client that reaches the server only through type-only imports of the API contract.
import tseslint from 'typescript-eslint'

/** no-restricted-imports with typescript-eslint's type-aware option (type-only imports may be allowed). */
const restrict = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] })
const ban = (group, message, allowTypeImports = false) => ({ group, message, allowTypeImports })

const noHttp = ban(['**/http/**', '**/http/*'], 'only server/http (and the composition root) may import the HTTP layer')
const noServices = ban(['**/services'], 'services are built by the composition root (main.ts) and handed down (their types may be named)', true)
const noDomain = ban(['**/domain/**', '**/domain/*'], 'the db layer and the pure leaves never import the domain')
const noExpress = ban(['express', 'express-*'], 'only server/http knows Express')
const noKnex = ban(['knex'], 'SQL lives in server/db (and the importers on top of it): pass the Database, never build queries here')

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // established style: `as` casts at the edges and `any` only where a library leaves no type
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // ---- server layers ----
  { files: ['server/domain/**/*.ts'], rules: restrict(noHttp, noServices, noExpress, noKnex) },
  { files: ['server/db/**/*.ts'], rules: restrict(noHttp, noServices, noDomain, noExpress, ban(['**/import/**', '**/import/*'], 'the importers sit on top of the db layer')) },
  { files: ['server/import/**/*.ts'], rules: restrict(noHttp, noServices, noDomain, noExpress) },
  {
    files: ['server/catalogue/**/*.ts', 'server/siting/**/*.ts', 'server/targeting/**/*.ts', 'server/exports/**/*.ts', 'server/auth/**/*.ts'],
    rules: restrict(noHttp, noServices, noDomain, noExpress, noKnex, ban(['**/db/**', '**/db/*'], 'a pure module reads no database')),
  },
  {
    files: ['server/http/**/*.ts'],
    rules: restrict(noServices, noKnex, ban(['**/db/*', '!**/db/errors', '!**/db/connect'], 'http calls use-cases in server/domain; only the error classifier and the Database type come from server/db', true)),
  },
  { files: ['geodata/**/*.ts'], ignores: ['geodata/cli.ts'], rules: restrict(ban(['**/server/**'], 'geodata holds the manifest, fetch and pure readers; the importers live in server/import', true)) },
  { files: ['migrations/**/*.ts'], rules: restrict(ban(['**/server/**', '**/geodata/**'], 'migrations never import application code')) },
  // ---- client: the server only over HTTP, typed by the contract ----
  {
    files: ['client/**/*.ts'],
    rules: restrict(
      ban(['**/server/**', '!**/server/http/contract/**'], 'the client imports only the API contract (server/http/contract)'),
      ban(['**/server/http/contract/**'], 'the client imports only types from the contract (import type)', true),
    ),
  },
)
