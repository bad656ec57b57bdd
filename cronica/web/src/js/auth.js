// Who is signed in to review. The token is asked once per browser session and kept in
// sessionStorage (gone when the tab's session ends); it is sent only as an Authorization header
// on writes (api.js), never as a cookie, so no other site's page can make the browser send it.

const KEY = "cronica.review";
const listeners = [];
let current = null; // {token, user, role} once checked by the server

function read() {
  try {
    const raw = sessionStorage.getItem(KEY);
    const value = raw ? JSON.parse(raw) : null;
    return value && typeof value.token === "string" && typeof value.user === "string" ? value : null;
  } catch {
    return null; // storage refused or a damaged entry: not signed in
  }
}

function write(value) {
  try {
    if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage refused: the sign-in lasts for this page only */
  }
}

function changed() {
  for (const fn of listeners) fn(current);
}

/** Restore the session's sign-in, if any (called once when the page starts). */
export function initAuth() {
  current = read();
  return current;
}

/** The reviewer signed in ({user, role}) or null. */
export function reviewer() {
  return current ? { user: current.user, role: current.role } : null;
}

/** The token to send with a write, or null. */
export function token() {
  return current ? current.token : null;
}

/** Remember a token the server accepted for this user. */
export function signedIn(tokenText, user, role) {
  current = { token: tokenText, user, role };
  write(current);
  changed();
}

/** Forget the token (sign out, or the server stopped accepting it). */
export function signOut() {
  current = null;
  write(null);
  changed();
}

export function onAuth(fn) {
  listeners.push(fn);
}
