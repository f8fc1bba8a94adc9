/**
 * A core port carries one link, so a population that feeds several
 * projections (or a learning array's post_spikes) gets several ports:
 * `name` itself, then `name[1]` … `name[count−1]`. Connections name them like
 * any port (`hidden.out[1]`), so a misspelt or missing one is a located error.
 */
export function fanPorts<P>(name: string, count: number, make: (portName: string) => P): P[] {
  const ports: P[] = [make(name)];
  for (let k = 1; k < count; k++) ports.push(make(`${name}[${k}]`));
  return ports;
}
