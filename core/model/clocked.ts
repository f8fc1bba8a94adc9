import { Component } from './component.js';

/**
 * A component that acts on its clock edges, but only while it has work:
 * `tick` returns true to be called again next cycle, false to sleep. A sleeping
 * component costs nothing; `wake()` (from a message handler, say) resumes
 * ticking at the next edge. Like SST clock handlers that unregister when idle.
 */
export abstract class ClockedComponent extends Component {
  /** Edges on which `tick` ran. */
  ticks = 0;
  private scheduled = false;
  private lastTickedCycle = -1;

  /** Work for one clock cycle; return true to tick again on the next edge. */
  protected abstract tick(cycle: number): boolean;

  /** Ensures `tick` runs on the next edge at or after now (never twice in one cycle). */
  wake(): void {
    if (this.scheduled) return;
    const clock = this.clock;
    let c = clock.cycleAtOrAfter(this.sim.nowPs);
    if (c <= this.lastTickedCycle) c = this.lastTickedCycle + 1;
    this.scheduled = true;
    this.sim.scheduleAt(clock.cycleToTimePs(c), this.onEdge, c);
  }

  /** Whether a tick is pending. */
  get awake(): boolean {
    return this.scheduled;
  }

  private readonly onEdge = (cycle: number): void => {
    this.scheduled = false;
    this.lastTickedCycle = cycle;
    this.ticks++;
    if (this.tick(cycle)) {
      this.scheduled = true;
      this.sim.scheduleAt(this.clock.cycleToTimePs(cycle + 1), this.onEdge, cycle + 1);
    }
  };
}
