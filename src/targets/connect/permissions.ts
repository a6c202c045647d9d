// Which permission names are the same permission. Amazon Connect renames permissions over time,
// and its console migrates a profile to the new names whenever someone saves it; comparing by
// this key means a console save is not drift and an apply never flips a profile between the
// two spellings. The fidelity work (t9) is adding the legacy ↔ new pairs to the catalog; when
// it lands, `permissionKey` reads them from there — this is the one place to switch.

const LEGACY_TO_NEW: Readonly<Record<string, string>> = {
  ListenCallRecordings: 'CallRecordings.View',
  DownloadCallRecordings: 'CallRecordings.Download',
  DeleteCallRecordings: 'CallRecordings.Delete',
  'RedactedData.View': 'ContactTranscripts.View',
};

/** The name both spellings of a permission share (the newer one). */
export function permissionKey(name: string): string {
  return LEGACY_TO_NEW[name] ?? name;
}

const CLASSES = new Map<string, string[]>();
for (const [legacy, now] of Object.entries(LEGACY_TO_NEW)) CLASSES.set(now, [...(CLASSES.get(now) ?? [now]), legacy]);

/** Every spelling of `name`'s permission, `name` first. */
export function spellings(name: string): readonly string[] {
  const all = CLASSES.get(permissionKey(name)) ?? [name];
  return [name, ...all.filter((n) => n !== name)];
}
