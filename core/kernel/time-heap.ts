/**
 * A binary min-heap of distinct event times. Specialised to numbers (no
 * comparator calls): the kernel pushes and pops one entry per distinct instant.
 */
export class TimeHeap {
  private readonly a: number[] = [];

  get length(): number {
    return this.a.length;
  }

  peek(): number | undefined {
    return this.a[0];
  }

  push(t: number): void {
    const a = this.a;
    let i = a.length;
    a.push(t);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pv = a[p]!;
      if (pv <= t) break;
      a[i] = pv;
      i = p;
    }
    a[i] = t;
  }

  pop(): number | undefined {
    const a = this.a;
    const n = a.length;
    if (n === 0) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (n > 1) {
      const m = n - 1;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= m) break;
        if (c + 1 < m && a[c + 1]! < a[c]!) c++;
        if (a[c]! >= last) break;
        a[i] = a[c]!;
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}
