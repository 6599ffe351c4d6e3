// The architecture's import boundaries as one lint rule (ARCHITECTURE.md, "Dependencies point inward").
// Every import in this repository is relative or a package name, so a relative specifier resolved against the
// importing file is the imported file: no resolver package is needed, and the rule reads folders, not strings
// (`../modules/registry` inside platform is the kernel's own platform/modules, not an office module).
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const SERVER = 'src/server/';
const MODULES = 'src/server/modules/';

/** Where a repository file sits, as the boundaries see it. */
function areaOf(rel) {
  if (rel.startsWith('src/contract/')) return { area: 'contract' };
  if (rel.startsWith('src/web/')) return { area: 'web' };
  if (rel.startsWith('src/server/platform/')) return { area: 'platform', test: /\.test\.tsx?$/.test(rel) };
  // `../../modules` is the module list too (modules/index.ts).
  if (rel === MODULES.slice(0, -1)) return { area: 'module-list' };
  if (rel.startsWith(MODULES)) {
    const name = rel.slice(MODULES.length).split('/')[0];
    // modules/index.ts is the module list: it imports every module by design.
    return rel === `${MODULES}index.ts` ? { area: 'module-list' } : { area: 'module', name };
  }
  if (rel.startsWith(SERVER)) return { area: 'server' };
  return { area: 'other' };
}

/** Why `from` may not import `to`, or undefined when it may. */
function refusal(from, to) {
  if (from.area === 'contract' && to.area !== 'contract' && to.area !== 'other')
    return 'src/contract is shared by server and web and imports neither';
  if (from.area === 'web' && !['web', 'contract', 'other'].includes(to.area))
    return 'src/web talks to the server only through src/contract';
  // A kernel test may install the product's module list to check the kernel against the real modules (state names
  // of 收文 and 发文); it still may not reach into a module's files, and the kernel's code may not do either.
  if (from.area === 'platform' && to.area === 'module-list' && from.test) return undefined;
  if (from.area === 'platform' && (to.area === 'module' || to.area === 'module-list'))
    return 'the kernel (src/server/platform) knows no module';
  if (from.area === 'module' && to.area === 'module' && from.name !== to.name)
    return `module ${from.name} may not import module ${to.name}'s files: go through the kernel`;
  if (from.area === 'module' && to.area === 'module-list') return 'a module may not import the module list';
  return undefined;
}

const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Imports follow the architecture: platform knows no module, modules know no other module, web and contract know no server',
    },
    schema: [],
    messages: { crossed: '{{why}} ({{spec}})' },
  },
  create(context) {
    const file = context.filename;
    const fromRel = path.relative(root, file).split(path.sep).join('/');
    const from = areaOf(fromRel);
    if (from.area === 'other' || from.area === 'server' || from.area === 'module-list') return {};
    const check = (node, source) => {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (!spec.startsWith('.')) return;
      const toRel = path
        .relative(root, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      const why = refusal(from, areaOf(toRel));
      if (why) context.report({ node, messageId: 'crossed', data: { why, spec } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default { meta: { name: 'zhongshu-boundaries' }, rules: { imports: rule } };
