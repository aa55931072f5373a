/** YAML documents are bundled as data (server/build.mjs converts them with js-yaml). */
declare module '*.yaml' {
  const value: unknown;
  export default value;
}
