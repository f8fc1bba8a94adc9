import { HelenError } from '../errors.js';
import { allowedDir } from '../io/confined-path.js';
import { ComponentRegistry } from '../config/registry.js';
import type { ArchitectureReader } from '../config/architecture-reader.js';
import type { LoadOptions } from '../config/loader.js';
import type { ReportView } from '../report/view.js';
import type { DriverType, NeutralWorkload, WorkloadReader } from '../workload/workload.js';

/**
 * A plug-in: a package (or a built-in family) that adds component types,
 * workload readers, drivers and report views to a session. Built-in families
 * and outside packages register through this same interface.
 */
export interface HelenPlugin {
  /** Unique name, e.g. `helen-reram` or an npm package name. */
  name: string;
  /** One line for `helen list --plugins`. */
  description?: string;
  /** Adds the plug-in's types, readers, drivers and views to `session`. */
  register(session: Session): void;
}

/** Declares a plug-in (identity: gives it its type). */
export function definePlugin(plugin: HelenPlugin): HelenPlugin {
  return plugin;
}

/** A plug-in a session has loaded, and where it came from. */
export interface LoadedPlugin {
  name: string;
  description: string;
  /** The module it was loaded from (absolute path or package name); undefined for built-in families. */
  source: string | undefined;
}

/** Named things of one kind; registering a name twice is an error naming both plug-ins. */
class NamedRegistry<T> {
  private readonly items = new Map<string, { item: T; plugin: string }>();

  constructor(private readonly what: string) {}

  add(name: string, item: T, plugin: string): void {
    const had = this.items.get(name);
    if (had)
      throw new HelenError(
        'E_REGISTRY',
        `${this.what} "${name}" is registered twice (by ${had.plugin} and by ${plugin})`,
      );
    this.items.set(name, { item, plugin });
  }

  get(name: string): T | undefined {
    return this.items.get(name)?.item;
  }

  /** The plug-in that registered `name`. */
  owner(name: string): string | undefined {
    return this.items.get(name)?.plugin;
  }

  all(): T[] {
    return [...this.items.values()].map((e) => e.item);
  }

  names(): string[] {
    return [...this.items.keys()];
  }
}

/**
 * What one command works with: component types, workload readers, drivers and
 * report views, each added by a plug-in. No global state: every session is
 * built fresh (the sweep runner and the tests run several in one process).
 */
export class Session {
  /** Component types, for architectures. */
  readonly registry = new ComponentRegistry();
  /** Workload readers by format name. */
  readonly readers = new NamedRegistry<WorkloadReader>('workload format');
  /** Drivers by name. */
  readonly drivers = new NamedRegistry<DriverType>('workload driver');
  /** Report views by name. */
  readonly views = new NamedRegistry<ReportView>('report view');
  /** Readers of architectures in other tools' formats, by format name. */
  readonly architectureReaders = new NamedRegistry<ArchitectureReader>('architecture format');
  /**
   * Folders, besides each architecture's own folder tree, from which the files
   * an architecture names (includes, `weights_file`) may be read: absolute paths,
   * added with `allowDir` (the CLI's `--allow-dir`).
   */
  readonly allowedDirs: string[] = [];
  private readonly loaded: LoadedPlugin[] = [];
  private current = '(session)';

  /** Lets architectures read files from `dir` (and below) too; `dir` must be an existing folder. */
  allowDir(dir: string): this {
    const abs = allowedDir(dir);
    if (!this.allowedDirs.includes(abs)) this.allowedDirs.push(abs);
    return this;
  }

  /** Registers `plugin` (a plug-in is loaded once: a second `use` of the same name is an error). */
  use(plugin: HelenPlugin, source?: string): this {
    if (!plugin || typeof plugin.register !== 'function' || typeof plugin.name !== 'string' || !plugin.name) {
      throw new HelenError(
        'E_PLUGIN',
        `${source ?? 'a plug-in'} does not export a plug-in: expected { name: string, register(session) }`,
      );
    }
    if (this.loaded.some((p) => p.name === plugin.name))
      throw new HelenError(
        'E_PLUGIN',
        `plug-in "${plugin.name}" is loaded twice${source ? ` (again from ${source})` : ''}`,
      );
    const previous = this.current;
    this.current = plugin.name;
    try {
      plugin.register(this);
    } finally {
      this.current = previous;
    }
    this.loaded.push({ name: plugin.name, description: plugin.description ?? '', source });
    return this;
  }

  /** The plug-ins loaded, in order. */
  get plugins(): readonly LoadedPlugin[] {
    return this.loaded;
  }

  /** Adds a workload reader. */
  addReader<W extends NeutralWorkload>(reader: WorkloadReader<W>): this {
    this.readers.add(reader.format, reader, this.current);
    return this;
  }

  /** Adds a driver. */
  addDriver<W extends NeutralWorkload>(driver: DriverType<W>): this {
    this.drivers.add(driver.name, driver, this.current);
    return this;
  }

  /** Adds a reader of architecture files in another format; two readers of one file ending is an error naming both. */
  addArchitectureReader(reader: ArchitectureReader): this {
    for (const other of this.architectureReaders.all()) {
      const shared = reader.extensions.find((e) => other.extensions.includes(e));
      if (shared)
        throw new HelenError(
          'E_REGISTRY',
          `architecture formats "${other.format}" (${this.architectureReaders.owner(other.format)}) and "${reader.format}" (${this.current}) both read ${shared} files`,
        );
    }
    this.architectureReaders.add(reader.format, reader, this.current);
    return this;
  }

  /** How this session loads architectures: its component types, allowed folders and architecture readers. */
  loadOptions(): LoadOptions {
    return { registry: this.registry, allowDirs: this.allowedDirs, readers: this.architectureReaders.all() };
  }

  /** Adds a report view. */
  addView(view: ReportView): this {
    this.views.add(view.name, view, this.current);
    return this;
  }
}
