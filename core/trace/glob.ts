/**
 * Glob patterns for component paths and signal names. `*` matches within one
 * path level (no `.`), `**` matches across levels, `?` one character; every
 * other character is literal, including `[` and `]`, because component names
 * carry indices such as `pe[3]`.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (ch === '*') re += '[^.]*';
    else if (ch === '?') re += '[^.]';
    else re += ch.replace(/[\\^$+?.()|{}[\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * A set of globs as one predicate; an empty set selects everything. With
 * `subtree`, a pattern that selects a component also selects its descendants,
 * so `chip.tile[3]` records the whole tile.
 */
export function globMatcher(globs: readonly string[] | undefined, subtree = false): (name: string) => boolean {
  if (!globs || globs.length === 0) return () => true;
  const res = globs.map(globToRegExp);
  const cache = new Map<string, boolean>();
  const direct = (name: string): boolean => res.some((r) => r.test(name));
  return (name) => {
    let hit = cache.get(name);
    if (hit === undefined) {
      hit = direct(name);
      if (!hit && subtree) {
        for (let dot = name.lastIndexOf('.'); dot > 0 && !hit; dot = name.lastIndexOf('.', dot - 1))
          hit = direct(name.slice(0, dot));
      }
      cache.set(name, hit);
    }
    return hit;
  };
}
