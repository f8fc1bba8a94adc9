import { Component, Simulator } from '../core/index.js';

/** Parameters of the PHOLD benchmark (shared/bench/PHOLD.md). */
export interface PholdConfig {
  lps: number;
  eventsPerLp: number;
  endCycle: number;
  seed: number;
}

/** What a PHOLD run reports. */
export interface PholdResult {
  events: number;
  checksum: number;
  wall_s: number;
  events_per_s: number;
  max_rss_mb: number;
}

/** The spec's per-LP seed: a splitmix-style hash of (seed, i), never 0. */
export function seedLp(seed: number, i: number): number {
  let z = (seed + Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  z = (z ^ (z >>> 16)) >>> 0;
  return z === 0 ? 0x6d2b79f5 : z;
}

/** Shared tallies of one PHOLD run (the spec's global `events` and `chk`). */
class PholdTally {
  events = 0;
  checksum = 0;
}

/**
 * One logical process, written the way a component uses the kernel: it owns
 * its random stream and schedules events on other LPs through the simulator.
 */
class PholdLp extends Component {
  private state: number;
  peers: PholdLp[] = [];

  constructor(
    sim: Simulator,
    readonly index: number,
    seed: number,
    private readonly tally: PholdTally,
    private readonly periodPs: number,
    private readonly endCycle: number,
  ) {
    super(sim, `lp${index}`);
    this.state = seedLp(seed, index);
  }

  /** xorshift32: advances the LP's stream. */
  draw(): number {
    let s = this.state;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.state = s;
    return s >>> 0;
  }

  start(eventsPerLp: number): void {
    for (let m = 0; m < eventsPerLp; m++) {
      const t = 1 + (this.draw() % 100);
      if (t < this.endCycle) this.sim.schedule(t * this.periodPs, this.onEvent);
    }
  }

  readonly onEvent = (): void => {
    const t = this.sim.nowPs / this.periodPs;
    const tally = this.tally;
    tally.events++;
    tally.checksum = (tally.checksum + this.index * 31 + t) >>> 0;
    const j = this.draw() % this.peers.length;
    const d = 1 + (this.draw() % 100);
    if (t + d < this.endCycle) this.sim.schedule(d * this.periodPs, this.peers[j]!.onEvent);
  };
}

/** Runs PHOLD on the kernel and returns the spec's outputs plus timing. */
export function runPhold(config: PholdConfig): PholdResult {
  const sim = new Simulator({ seed: config.seed });
  const tally = new PholdTally();
  const lps: PholdLp[] = [];
  for (let i = 0; i < config.lps; i++) {
    lps.push(new PholdLp(sim, i, config.seed, tally, 1000, config.endCycle));
  }
  for (const lp of lps) lp.peers = lps;
  const t0 = performance.now();
  for (const lp of lps) lp.start(config.eventsPerLp);
  sim.run();
  const wall = (performance.now() - t0) / 1000;
  return {
    events: tally.events,
    checksum: tally.checksum,
    wall_s: wall,
    events_per_s: tally.events / wall,
    max_rss_mb: process.resourceUsage().maxRSS / 1024,
  };
}
