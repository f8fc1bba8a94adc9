/** One compute step of a chunk: an MVM (or pooling) of `vectors`, then the outputs it completes. */
export interface ChunkStep {
  vectors: number;
  /** Vectors whose outputs leave after this step (the vectors computed so far but not yet sent). */
  outputs: number;
  /** The step's inputs come with a fetch of their own (otherwise with the previous step's). */
  newFetch: boolean;
}

/** A chunk of a part's vectors. */
export interface Chunk {
  vectors: number;
  /** Fraction of the part's vectors done once this chunk is (its inputs' reach into the feature map). */
  endFraction: number;
  steps: ChunkStep[];
}

/**
 * Cuts `vectors` into chunks of at most `size`. Inside a chunk the first vector
 * is fetched and computed on its own and the rest follow in one fetch; the last
 * vector is computed on its own and its outputs leave alone. So a chunk starts
 * computing as soon as one vector is in, and its last outputs wait for one
 * vector only, as in a per-vector stream; the middle moves as one transfer.
 */
export function chunkPlan(vectors: number, size: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let first = 0; first < vectors; first += size) {
    const n = Math.min(size, vectors - first);
    let steps: ChunkStep[];
    if (n === 1) steps = [{ vectors: 1, outputs: 1, newFetch: true }];
    else if (n === 2)
      steps = [
        { vectors: 1, outputs: 1, newFetch: true },
        { vectors: 1, outputs: 1, newFetch: true },
      ];
    else
      steps = [
        { vectors: 1, outputs: 0, newFetch: true },
        { vectors: n - 2, outputs: n - 1, newFetch: true },
        { vectors: 1, outputs: 1, newFetch: false },
      ];
    chunks.push({ vectors: n, endFraction: (first + n) / vectors, steps });
  }
  return chunks;
}
