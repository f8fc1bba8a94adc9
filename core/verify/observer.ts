import type { Elaboration } from '../config/elaborate.js';
import type { Clock } from '../kernel/clock.js';
import type { Component } from '../model/component.js';
import { acceptsOperations } from '../model/declaration.js';
import type { Operation } from '../model/operation.js';
import { serialServicesOf } from '../model/serial-resource.js';
import type { ComponentProperties, ObservedOperation } from './property.js';

/**
 * Watches operations go through components of a running model, without the
 * components' cooperation: it taps what `issueOperation` hands them so that issue
 * and completion (and how often completion was reported) are recorded.
 */
export class OperationObserver {
  private readonly byPath = new Map<string, ObservedOperation[]>();
  private readonly clocks = new Map<string, Clock>();
  private readonly params = new Map<string, Readonly<Record<string, unknown>>>();
  /** Every simulated time the observer saw something happen, in the order it happened. */
  readonly timeline: number[] = [];
  /** The first time a serial resource had two jobs in service at once (or ended one it was not serving), described; undefined: never. */
  serviceViolation: string | undefined;

  /** Starts watching `paths` (all operation targets when undefined) of a model that has not run yet. */
  attach(
    model: Elaboration,
    capture: (component: Component) => ComponentProperties['capture'],
    paths?: Iterable<string>,
  ): void {
    const sim = model.sim;
    const components = paths
      ? [...paths].map((p) => sim.component(p) as Component | undefined)
      : (sim.components as Component[]);
    for (const c of components) {
      if (!c || !acceptsOperations(c)) continue;
      const list: ObservedOperation[] = [];
      this.byPath.set(c.path, list);
      this.clocks.set(c.path, c.clock);
      this.params.set(c.path, c.params);
      const captureResult = capture(c);
      c.operationTap = (op: Operation, done: () => void, proceed) => {
        const seen: ObservedOperation = {
          id: op.id,
          op: op.name,
          args: op.args,
          issuedPs: sim.nowPs,
          completedPs: undefined,
          completions: 0,
          cycles: undefined,
          result: undefined,
        };
        this.timeline.push(sim.nowPs);
        list.push(seen);
        try {
          proceed(op, () => {
            this.timeline.push(sim.nowPs);
            seen.completions++;
            if (seen.completions === 1) {
              seen.completedPs = sim.nowPs;
              seen.cycles = c.clock.cycleAtOrAfter(sim.nowPs) - c.clock.cycleAtOrAfter(seen.issuedPs);
              seen.result = captureResult?.(c, seen);
            }
            done();
          });
        } catch (e) {
          // A refused operation was never issued.
          list.splice(list.indexOf(seen), 1);
          throw e;
        }
      };
    }
  }

  /** Watches the jobs of every serial resource of a model that has not run yet: a job starting while another is in service is a violation. */
  watchServices(model: Elaboration): void {
    const sim = model.sim;
    for (const c of sim.components as Component[]) {
      for (const service of serialServicesOf(c)) {
        let inService = 0;
        let current = '';
        service.watchService({
          started: (label) => {
            if (inService > 0)
              this.serviceViolation ??= `${c.path} started a ${label} job at ${sim.nowPs} ps while ${current} was still in service`;
            inService++;
            current = `a ${label} job (started at ${sim.nowPs} ps)`;
          },
          ended: (label) => {
            if (inService === 0)
              this.serviceViolation ??= `${c.path} ended a ${label} job at ${sim.nowPs} ps with no job in service`;
            else inService--;
          },
        });
      }
    }
  }

  /** Records the clock and parameters of a component that takes no operations (checked through a stimulus). */
  watchParams(c: Component): void {
    if (this.params.has(c.path)) return;
    this.clocks.set(c.path, c.clock);
    this.params.set(c.path, c.params);
  }

  /** Also records the time of every trace event (signals, spans) of a traced run. */
  watchTrace(model: Elaboration): void {
    model.sim.trace.subscribe('signal', (s) => this.timeline.push(s.timePs));
    model.sim.trace.subscribe('span', (s) => this.timeline.push(s.timePs));
  }

  /** Operations of one component, in issue order. */
  operationsOf(path: string): ObservedOperation[] {
    return this.byPath.get(path) ?? [];
  }

  /** Every observed operation of every watched component. */
  allOperations(): ObservedOperation[] {
    return [...this.byPath.values()].flat();
  }

  clockOf(path: string): Clock | undefined {
    return this.clocks.get(path);
  }

  paramsOf(path: string): Readonly<Record<string, unknown>> {
    return this.params.get(path) ?? {};
  }
}
