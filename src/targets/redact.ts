// Target URLs as shown: without credentials. Kept apart from registry.ts so it has no imports.

// Query parameters that carry credentials (password=, secret=, token=, X-Amz-Signature=, ...).
const SECRET_PARAM = /pass|pwd|secret|token|key|sig|credential|auth|session/i;

/** A target URL fit to show: no credentials. A sqlite: path is never rewritten (it holds none,
 *  and a rewritten path would point elsewhere); any other URL loses its password, its fragment
 *  and the values of credential-like query parameters; a URL that cannot be parsed shows only
 *  its scheme. Display only: permctl never opens a redacted URL. */
export function redactUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'target:';
    return `${scheme}[unreadable URL]`;
  }
  u.password = ''; // the user name says whose credentials, not what they are: it stays
  u.hash = '';
  if ([...u.searchParams.keys()].some((k) => SECRET_PARAM.test(k))) {
    for (const key of [...u.searchParams.keys()]) if (SECRET_PARAM.test(key)) u.searchParams.set(key, '***');
  }
  return u.toString();
}
