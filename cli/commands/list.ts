import type { Command } from 'commander';
import { formatTypeDocs, listTypes } from '../../api/list.js';
import type { Session } from '../../core/index.js';
import type { CliContext } from '../context.js';

/** What `helen list --formats` shows: readers, drivers and report views, each with the plug-in that registered it. */
export interface FormatsDoc {
  readers: { format: string; extensions: string[]; produces: string; plugin: string; description: string }[];
  drivers: { name: string; accepts: string; plugin: string; description: string }[];
  views: { name: string; plugin: string; description: string }[];
  /** Architecture formats besides YAML, and whether `helen export` can write each. */
  architectures: { format: string; extensions: string[]; writes: boolean; plugin: string; description: string }[];
}

/** What `helen list --plugins` shows: each loaded plug-in and where it came from (null: built in). */
export type PluginsDoc = { name: string; source: string | null; description: string }[];

/** The readers, drivers and views of a session. */
export function formatsDoc(session: Session): FormatsDoc {
  return {
    readers: session.readers.all().map((r) => ({
      format: r.format,
      extensions: [...r.extensions],
      produces: r.produces,
      plugin: session.readers.owner(r.format) ?? '',
      description: r.description,
    })),
    drivers: session.drivers.all().map((d) => ({
      name: d.name,
      accepts: d.accepts,
      plugin: session.drivers.owner(d.name) ?? '',
      description: d.description,
    })),
    views: session.views
      .all()
      .map((v) => ({ name: v.name, plugin: session.views.owner(v.name) ?? '', description: v.description })),
    architectures: session.architectureReaders.all().map((r) => ({
      format: r.format,
      extensions: [...r.extensions],
      writes: r.write !== undefined,
      plugin: session.architectureReaders.owner(r.format) ?? '',
      description: r.description,
    })),
  };
}

/** The loaded plug-ins of a session, in load order. */
export function pluginsDoc(session: Session): PluginsDoc {
  return session.plugins.map((p) => ({ name: p.name, source: p.source ?? null, description: p.description }));
}

/** Aligned columns, the last one left free. */
function columns(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    ('  ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).trimEnd();
  return [line(header), ...rows.map(line)];
}

function formatFormats(d: FormatsDoc): string {
  return (
    [
      'workload formats (readers):',
      ...columns(
        ['format', 'files', 'produces', 'plug-in', 'description'],
        d.readers.map((r) => [r.format, r.extensions.join(' '), r.produces, r.plugin, r.description]),
      ),
      '',
      'drivers (run a kind of workload on the hardware that fits):',
      ...columns(
        ['driver', 'runs', 'plug-in', 'description'],
        d.drivers.map((x) => [x.name, x.accepts, x.plugin, x.description]),
      ),
      '',
      'report views:',
      ...columns(
        ['view', 'plug-in', 'description'],
        d.views.map((v) => [v.name, v.plugin, v.description]),
      ),
      '',
      'architecture formats (besides YAML; "export" when `helen export` writes it):',
      ...columns(
        ['format', 'files', 'export', 'plug-in', 'description'],
        d.architectures.map((a) => [
          a.format,
          a.extensions.join(' '),
          a.writes ? 'yes' : 'no',
          a.plugin,
          a.description,
        ]),
      ),
    ].join('\n') + '\n'
  );
}

function formatPlugins(d: PluginsDoc): string {
  return (
    [
      'plug-ins:',
      ...columns(
        ['plug-in', 'from', 'description'],
        d.map((p) => [p.name, p.source ?? '(built in)', p.description]),
      ),
    ].join('\n') + '\n'
  );
}

/** `helen list`: component types, one type's documentation, or (--formats, --plugins) what the session's plug-ins registered. */
export function registerList(program: Command, ctx: CliContext): void {
  program
    .command('list')
    .description(
      "list component types, or document one type's parameters, ports, operations, statistics and slots; --formats, --plugins",
    )
    .argument('[TYPE]', 'a component type, e.g. generic.unit')
    .option(
      '--formats',
      'list workload formats (readers), drivers, report views and architecture formats, with the plug-in that registered each',
    )
    .option('--plugins', 'list the loaded plug-ins and the modules they came from')
    .option('--json', 'print JSON')
    .action((type: string | undefined, flags: { json?: boolean; formats?: boolean; plugins?: boolean }) => {
      const session = ctx.session;
      if (flags.formats || flags.plugins) {
        const formats = flags.formats ? formatsDoc(session) : undefined;
        const plugins = flags.plugins ? pluginsDoc(session) : undefined;
        if (flags.json)
          process.stdout.write(
            JSON.stringify({ ...(formats ? { formats } : {}), ...(plugins ? { plugins } : {}) }, null, 2) + '\n',
          );
        else
          process.stdout.write(
            [formats && formatFormats(formats), plugins && formatPlugins(plugins)].filter(Boolean).join('\n'),
          );
        return;
      }
      const docs = listTypes(session.registry, type);
      process.stdout.write(
        flags.json ? JSON.stringify(docs, null, 2) + '\n' : formatTypeDocs(docs, type !== undefined),
      );
    });
}
