// Caps that keep hostile or accidental input from exhausting the machine. A 50,000-user
// repository is ~10 MB of YAML in total, so these leave room for real use.
export const LIMITS = {
  maxFileBytes: 16 * 1024 * 1024,
  maxFiles: 10_000,
  /** Alias expansions per document before we call it an alias bomb (yaml's own metric). */
  maxAliasCount: 100,
  maxDepth: 64,
} as const;
