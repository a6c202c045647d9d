// Caps that keep hostile or accidental input from exhausting the machine. A 50,000-user
// repository is ~10 MB of YAML in total, so these leave room for real use.
export const LIMITS = {
  maxFileBytes: 16 * 1024 * 1024,
  maxFiles: 10_000,
  /** Alias expansions per document before we call it an alias bomb (yaml's own metric). */
  maxAliasCount: 100,
  maxDepth: 64,
  /** Files larger than this never reach the hardened parse (fast-parse.ts). */
  hardenedMaxBytes: 256 * 1024,
  /** Upper bound on the values of one file (bounds.ts): a 16 MiB file of 110,000 users
   *  estimates ~1.55 million; at the cap a hostile file peaks under 512 MB. */
  maxValues: 1_600_000,
  /** Before the hardened parse: nesting and aliases far past the caps are refused at once. */
  precheckDepth: 1000,
  precheckAliases: 1000,
} as const;
