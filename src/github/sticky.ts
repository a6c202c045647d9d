// The sticky comment: one per pull request and instance, found by its hidden marker on a
// comment written by the token's own identity, created once and then updated in place. A
// comment by anyone else that carries the same marker (quoted, or forged to hijack the slot)
// is never touched.
import type { Client } from './client.ts';

/** Who the token writes as: GET /user, or, inside GitHub Actions where that is refused (the
 *  Actions GITHUB_TOKEN gets 403 there), github-actions[bot]. Outside Actions a 403 is an
 *  error: guessing would create a second comment on every run. */
export async function tokenIdentity(client: Client, inActions: boolean): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated();
    return data.login;
  } catch (e) {
    if (statusOf(e) === 403 && inActions) return 'github-actions[bot]';
    throw e;
  }
}

export const statusOf = (e: unknown): number | undefined =>
  e !== null && typeof e === 'object' && typeof (e as { status?: unknown }).status === 'number' ? (e as { status: number }).status : undefined;

export interface StickyTarget {
  readonly owner: string;
  readonly repo: string;
  readonly pr: number;
  readonly marker: string;
  readonly author: string;
}

export interface StickyResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  readonly id: number;
  readonly url: string;
}

const sameLogin = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Our comment for this marker: the first by `author` whose body starts with the marker. */
export async function findSticky(client: Client, t: StickyTarget): Promise<{ id: number; body: string; url: string } | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, { owner: t.owner, repo: t.repo, issue_number: t.pr, per_page: 100 });
  for await (const page of pages) {
    for (const c of page.data) {
      const body = c.body ?? '';
      if (c.user !== null && c.user !== undefined && sameLogin(c.user.login, t.author) && (body === t.marker || body.startsWith(`${t.marker}\n`))) {
        return { id: c.id, body, url: c.html_url };
      }
    }
  }
  return undefined;
}

export async function upsertSticky(client: Client, t: StickyTarget, body: string): Promise<StickyResult> {
  const found = await findSticky(client, t);
  if (found === undefined) {
    const { data } = await client.rest.issues.createComment({ owner: t.owner, repo: t.repo, issue_number: t.pr, body });
    return { action: 'created', id: data.id, url: data.html_url };
  }
  if (found.body === body) return { action: 'unchanged', id: found.id, url: found.url };
  const { data } = await client.rest.issues.updateComment({ owner: t.owner, repo: t.repo, comment_id: found.id, body });
  return { action: 'updated', id: data.id, url: data.html_url };
}
