import type { Design } from './protocol.js';

/** Prefix of the page hash that carries a design. */
const PREFIX = '#design=';

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** The design as a page hash: its JSON, deflated, in base64url. */
export async function encodeDesign(design: Design): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(design));
  return PREFIX + base64url(await pipe(json, new CompressionStream('deflate')));
}

/** The design a page hash carries, or undefined when it carries none. */
export async function decodeDesign(hash: string): Promise<Design | undefined> {
  if (!hash.startsWith(PREFIX)) return undefined;
  const json = await pipe(fromBase64url(hash.slice(PREFIX.length)), new DecompressionStream('deflate'));
  const design = JSON.parse(new TextDecoder().decode(json)) as Design;
  if (typeof design.architecture !== 'string' || typeof design.workload !== 'string')
    throw new Error('the link does not carry a Helen design');
  return { ...design, overrides: design.overrides ?? '', files: design.files ?? {} };
}
