// Node's process.env is a native getter, and the yaml parser reads it for every token it parses.
// A plain copy turns those reads into ordinary property lookups: a fifth of a YAML parse.
export function snapshotEnvironment(): void {
  process.env = { ...process.env };
}
