import { HelenError, type Operation } from '../../core/index.js';

/** Rejects any operation but `transfer`. */
export function checkTransfer(type: string, op: Operation): void {
  if (op.name !== 'transfer') throw new HelenError('E_OP', `${type} does not know operation "${op.name}"; it accepts: transfer`);
}
