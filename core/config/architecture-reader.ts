// Architectures written in other tools' formats: a plug-in turns such a file into the document the loader reads.
import type { SourceLocation } from '../errors.js';
import type { Elaboration } from './elaborate.js';
import type { YNode } from './yaml-source.js';

/** Something an architecture file says that Helen does not model: told to the user, one line each, never dropped. */
export interface ArchitectureNote {
  /** What is not modelled and what Helen does instead. */
  message: string;
  /** Where the file says it. */
  location: SourceLocation;
  /** The key as written, when the note is about one key (a writer of the same format can give it back). */
  key?: string;
  /** The key's value as written. */
  value?: string;
}

/** An architecture in another format, translated into the located YAML tree the loader and elaborator read. */
export interface ArchitectureDocument {
  /** The architecture as the loader's YAML tree; locations point into the original file. */
  root: YNode;
  /** What the file says that the translation does not model. */
  notes: ArchitectureNote[];
}

/**
 * Reads architecture files of one foreign format (chosen by file name ending).
 * A family registers it with `session.addArchitectureReader`; core knows no format.
 */
export interface ArchitectureReader {
  /** Short format name, e.g. `scalesim-cfg`. */
  format: string;
  /** One line for listings. */
  description: string;
  /** File name endings it reads, lower case with the dot, e.g. `['.cfg']`. */
  extensions: readonly string[];
  /** Translates `file` (`shown`: its name as the user gave it, for locations); malformed input is a located HelenError. */
  read(file: string, shown: string): ArchitectureDocument;
  /** Writes a built model in this format, when the format can describe it (else a HelenError saying why). */
  write?(model: Elaboration): string;
}
