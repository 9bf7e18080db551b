// The import rules of docs/architecture.md#domains, checked in `npm test` (lint step):
// no runtime import cycle anywhere, and BFF domains import only downwards in their order.
// Type-only imports are exempt: they vanish at runtime (infra/db.ts types its models from domains.ts).

/** Feature domains, lowest first: each may use the ones before it; earlier ones hear of later ones only through events. */
const FEATURES = ['tasks', 'points', 'intake', 'leads', 'mediators', 'risk', 'indices', 'public']
/** Domains every feature may use; they use no feature. */
const FOUNDATION = ['territory', 'users', 'auth', 'dingtalk', 'notifications', 'sms', 'org', 'settings', 'files', 'health', 'openapi']

const folder = (d) => `^bff/src/${d}/`
const upward = FEATURES.map((d, i) => ({
  name: `no-upward-from-${d}`,
  comment: `${d} may not import a domain above it (${FEATURES.slice(i + 1).join(', ')}): react to it through events`,
  severity: 'error',
  from: { path: folder(d) },
  to: { path: `^bff/src/(${FEATURES.slice(i + 1).join('|') || 'none'})/`, dependencyTypesNot: ['type-only'] },
}))

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A runtime import cycle: modules that load each other half-initialised. Break it with an event or by moving the shared part down.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'foundation-uses-no-feature',
      comment: 'The foundation domains and the kernel know no feature domain (they hear of them only through events)',
      severity: 'error',
      from: { path: `^bff/src/(${[...FOUNDATION, 'kernel', 'infra'].join('|')})/` },
      to: { path: `^bff/src/(${FEATURES.join('|')})/`, dependencyTypesNot: ['type-only'] },
    },
    ...upward,
    {
      name: 'shared-is-pure',
      comment: 'shared/ is used by the mini-app and the BFF: it imports neither',
      severity: 'error',
      from: { path: '^shared/src/' },
      to: { path: '^(bff|miniapp|simulator)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|dist|\\.test\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
}
