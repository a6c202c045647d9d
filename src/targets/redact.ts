// Target URLs as shown and saved: without credentials. Kept apart from resolve.ts so the
// threads that only report errors do not load the drivers.

// Query parameters that carry credentials (password=, secret=, token=, X-Amz-Signature=, ...).
const SECRET_PARAM = /pass|pwd|secret|token|key|sig|credential|auth|session/i;

/** A target URL fit to show and save: no credentials. A sqlite: path is never rewritten (it
 *  holds none, and a rewritten path would point elsewhere); any other URL loses its userinfo,
 *  its fragment and the values of credential-like query parameters, and a URL that cannot be
 *  parsed shows only its scheme. Display only: permctl never opens a redacted URL. */
export function redactUrl(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'target:';
    return `${scheme}[unreadable URL]`;
  }
  u.username = '';
  u.password = '';
  u.hash = '';
  for (const key of [...u.searchParams.keys()]) if (SECRET_PARAM.test(key)) u.searchParams.set(key, 'REDACTED');
  return u.toString();
}
