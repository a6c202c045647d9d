// `array.push(...items)` passes every item as an argument and overflows the stack past roughly
// 100,000 items; policy repositories reach that (50,000 users, their changes, their findings).
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}
