/**
 * The layers of src/, lowest first: each may import only itself and the layers below it (docs/architecture.md).
 * `npm run lint` runs this; a violation names the rule, the importing file and the imported one.
 */
const layers = [
  ['base', []],
  ['policy', ['base']],
  ['principal', ['base', 'policy']],
  ['compile', ['base', 'policy', 'principal']],
  ['ability', ['base', 'policy', 'principal', 'compile']],
  ['query', ['base', 'policy', 'principal', 'compile', 'ability']],
  ['explain', ['base', 'policy', 'principal', 'compile', 'ability']],
  ['review', ['base', 'policy', 'principal', 'compile', 'ability']],
];
const core = ['base', 'policy', 'principal', 'compile', 'ability', 'query', 'explain', 'review'];

/** A path pattern for files of `src/` in one of the folders. */
const inFolders = (folders) => `^src/(${folders.join('|')})/`;

module.exports = {
  forbidden: [
    ...layers.map(([layer, below]) => ({
      name: `${layer}-imports-only-below`,
      comment: `src/${layer}/ may import only ${below.length === 0 ? 'nothing of ours' : below.map((b) => `src/${b}/`).join(', ')} (and itself).`,
      severity: 'error',
      from: { path: inFolders([layer]) },
      to: { path: '^src/', pathNot: inFolders([layer, ...below]) },
    })),
    {
      name: 'accounts-on-top-of-the-core',
      comment: 'src/accounts/ builds on the core; it never imports the testing kit or the CLI.',
      severity: 'error',
      from: { path: '^src/accounts/' },
      to: { path: '^src/', pathNot: inFolders([...core, 'accounts']) },
    },
    {
      name: 'accounts-never-imports-query',
      comment:
        'src/accounts/ decides through abilities (ability/, explain/), never through SQL filters: a transition never reads rows.',
      severity: 'error',
      from: { path: '^src/accounts/' },
      to: { path: '^src/query/' },
    },
    {
      name: 'testing-on-top-of-the-core',
      comment: 'src/testing/ checks the core; it never imports the accounts or the CLI.',
      severity: 'error',
      from: { path: '^src/testing/' },
      to: { path: '^src/', pathNot: inFolders([...core, 'testing']) },
    },
    {
      name: 'store-on-top-of-the-core',
      comment:
        'src/store/ (the versioned policy store) builds on the core; it never imports accounts, testing, the CLI or an integration, and only the CLI may import it.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/', pathNot: inFolders([...core, 'store']) },
    },
    {
      name: 'nothing-imports-the-store',
      comment: 'src/store/ is an entry on top: no other code of src/ but the CLI imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(store|cli)/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'nothing-imports-the-integrations',
      comment:
        'src/integrations/ (Kysely, Drizzle, Prisma, Fastify) builds on the core; no other code imports it, so the core entry never loads an optional peer.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/integrations/' },
      to: { path: '^src/integrations/' },
    },
    {
      name: 'integrations-on-top-of-the-core',
      comment:
        'An integration imports the core and itself only: never accounts, testing, the CLI or another integration.',
      severity: 'error',
      from: { path: '^src/integrations/([^/]+)/' },
      to: { path: '^src/', pathNot: [inFolders(core), '^src/integrations/$1/'] },
    },
    {
      name: 'nothing-imports-the-importer',
      comment:
        'src/import/ (Power Pages and Dataverse files, Node only) is an entry on top: only itself and the CLI import it, so the core never loads yaml or fast-xml-parser.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(import|cli)/' },
      to: { path: '^src/import/' },
    },
    {
      name: 'import-on-top-of-the-core',
      comment:
        'src/import/ imports the core and itself only: never accounts, testing, the CLI or an integration.',
      severity: 'error',
      from: { path: '^src/import/' },
      to: { path: '^src/', pathNot: inFolders([...core, 'import']) },
    },
    {
      name: 'core-entry-is-the-core',
      comment: 'src/index.ts exports the core only: accounts, testing and store have their own entries.',
      severity: 'error',
      from: { path: '^src/index[.]ts$' },
      to: { path: '^src/', pathNot: inFolders(core) },
    },
    {
      name: 'nothing-imports-the-cli',
      comment: 'src/cli/ is the top: only the CLI imports the CLI.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'nothing-imports-an-entry',
      comment:
        'Code inside src/ imports the module it needs, never an entry point (src/index.ts, src/accounts/index.ts, src/testing/index.ts, src/import/index.ts, src/store/index.ts, src/integrations/*/index.ts).',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^src/(index|accounts/index|testing/index|import/index|store/index|integrations/[^/]+/index)[.]ts$',
      },
    },
    {
      name: 'src-stands-alone',
      comment: 'The library never imports its tests, benchmarks or examples.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|examples)/' },
    },
    {
      name: 'no-cycles',
      comment: 'Imports inside src/ form no cycle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
