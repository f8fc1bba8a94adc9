/** The files web/build.mjs bundles: path → text, or `{ base64 }` for binary content. */
declare module 'helen:bundled-files' {
  const files: Record<string, string | { base64: string }>;
  export default files;
}
