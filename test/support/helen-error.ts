import { HelenError } from '../../core/index.js';

/** The HelenError `f` throws (fails the test when it throws nothing or something else). */
export function errorOf(f: () => unknown): HelenError {
  try {
    f();
  } catch (e) {
    if (e instanceof HelenError) return e;
    throw e;
  }
  throw new Error('expected a HelenError');
}
