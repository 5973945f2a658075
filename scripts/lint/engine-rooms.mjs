// ESLint rule `relulab/engine-rooms`: src-main/engine is a row of rooms, each
// importing only rooms before it in a declared order (rooms on the same step are
// peers and do not import each other), plus shared/. Imports are resolved from
// the file's own folder, so the rule holds at any depth. Named packages (e.g.
// 'highs') may be limited to some rooms.
import path from 'node:path';

/** @type {import('eslint').Rule.RuleModule} */
export const engineRooms = {
  meta: {
    type: 'problem',
    docs: { description: 'engine rooms import only the rooms before them, shared/, and the packages they are allowed' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          shared: { type: 'string' },
          order: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          packages: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'shared', 'order'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root: rootOption, shared: sharedOption, order, packages = {} } = context.options[0];
    const root = path.resolve(context.cwd, rootOption);
    const shared = path.resolve(context.cwd, sharedOption);
    const file = path.resolve(context.cwd, context.filename);
    const inside = (dir, target) => {
      const rel = path.relative(dir, target);
      return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
    };
    if (!inside(root, file)) return {};
    const rankOf = new Map(order.flatMap((step, rank) => step.map((room) => [room, rank])));
    const roomOf = (target) => path.relative(root, target).split(path.sep)[0];
    const room = roomOf(file);
    const rank = rankOf.get(room);
    const earlier = (r) => order.slice(0, r).flat();
    const describe = (r) => (r === 0 ? 'nothing else in the engine' : earlier(r).join(', '));

    const check = (node, source) => {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.')) {
        const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
        const allowed = packages[name];
        if (allowed && !allowed.includes(room)) {
          context.report({ node, message: `engine/${room} may not import '${name}': only ${allowed.map((r) => `engine/${r}`).join(', ')} may.` });
        }
        return;
      }
      const target = path.resolve(path.dirname(file), source);
      if (inside(shared, target)) return;
      if (!inside(root, target)) {
        context.report({ node, message: `engine/ imports only its own rooms and shared/: '${source}' leaves both.` });
        return;
      }
      const other = roomOf(target);
      if (other === room || rank === undefined) return;
      const otherRank = rankOf.get(other);
      if (otherRank === undefined || otherRank >= rank) {
        context.report({ node, message: `engine/${room} imports only ${describe(rank)}: not engine/${other} (see the room order in eslint.config.mjs).` });
      }
    };

    return {
      Program(node) {
        if (rank !== undefined) return;
        const where = path.relative(root, file).includes(path.sep) ? `room '${room}' is not in the declared order` : 'a file directly in engine/ belongs to no room';
        context.report({ node, message: `${where}: put it in a room and declare the room in eslint.config.mjs.` });
      },
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'engine-rooms': engineRooms } };
