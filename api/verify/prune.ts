import type { ArchitectureSpec, Component, ComponentSpec, Elaboration } from '../../core/index.js';

/**
 * The architecture cut down to one component: its ancestors (each keeping only
 * the child on the way down, replicas narrowed to the one index, so paths and
 * `index` stay as they were) and its whole subtree. Undefined when the path
 * does not name a body of the spec. Connections outside the subtree are
 * dropped: `isFaithful` decides whether the cut changed the component.
 */
export function pruneTo(spec: ArchitectureSpec, path: string): ArchitectureSpec | undefined {
  const steps = path.split('.').map((seg) => {
    const m = /^(.+?)(?:\[(\d+)\])?$/.exec(seg)!;
    return { name: m[1]!, index: m[2] === undefined ? undefined : Number(m[2]) };
  });
  const cut = (bodies: readonly ComponentSpec[], depth: number): ComponentSpec | undefined => {
    const step = steps[depth]!;
    const body = bodies.find((b) => b.name === step.name);
    if (!body || (step.index === undefined) !== (body.replication === undefined)) return undefined;
    const only = (v: number) => ({ raw: v, loc: body.loc });
    const narrowed: ComponentSpec =
      step.index === undefined
        ? body
        : { ...body, replication: { kind: 'range', low: only(step.index), high: only(step.index) } };
    if (depth === steps.length - 1) return narrowed;
    const child = cut(body.children, depth + 1);
    return child && { ...narrowed, children: [child], connections: [] };
  };
  const root = cut(spec.components, 0);
  return root && { ...spec, components: [root], connections: [] };
}

/** Types, parameters, clocks and port wiring of a subtree, by relative path: what a cut must not change. */
function subtreeFingerprint(root: Component): string {
  const parts: string[] = [];
  const walk = (c: Component, rel: string) => {
    const ports = [...c.inPorts.entries(), ...c.outPorts.entries()]
      .map(([n, p]) => `${n}${p.link ? '*' : ''}`)
      .join(',');
    parts.push(
      `${rel}|${c.type}|${JSON.stringify(c.params)}|${c.clock.periodNumPs}/${c.clock.periodDen}@${c.clock.phasePs}|${ports}`,
    );
    for (const ch of c.children) walk(ch, `${rel}/${ch.name}`);
  };
  walk(root, '');
  return parts.join('\n');
}

/**
 * Whether the component at `path` is built the same in the cut model as in the
 * whole one: same types, parameters and clocks all through its subtree, and no
 * port wired in one and not in the other (a subtree talking to components
 * outside it cannot be checked alone).
 */
export function isFaithful(whole: Elaboration, cut: Elaboration, path: string): boolean {
  const a = whole.sim.component(path) as Component | undefined;
  const b = cut.sim.component(path) as Component | undefined;
  return a !== undefined && b !== undefined && subtreeFingerprint(a) === subtreeFingerprint(b);
}
