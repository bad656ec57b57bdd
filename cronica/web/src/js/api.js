// The REST API, as the page uses it. Every call takes an optional AbortSignal so that a request
// made stale by a newer one (the map moved again, the filters changed) can be cancelled.
// Writes (review actions) carry the reviewer's token in an Authorization header, never a cookie.
import { token } from "./auth.js";

async function getJSON(path, signal) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) {
    const error = new Error(`${response.status} ${path}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

/** The server's one-line reason from an error body: FastAPI's {"detail": "..."} or its list of
 * validation errors ({"detail": [{"loc", "msg"}]}); the status line when the body says nothing. */
export function errorLine(status, body) {
  const detail = body && typeof body === "object" ? body.detail : null;
  if (typeof detail === "string" && detail.trim()) return detail.trim().split("\n")[0];
  if (Array.isArray(detail) && detail.length) {
    return detail.map((d) => {
      const where = Array.isArray(d.loc) ? d.loc.filter((x) => x !== "body").join(".") : "";
      return where ? `${where}: ${d.msg}` : String(d.msg);
    }).join("; ");
  }
  return `HTTP ${status}`;
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = new Error(errorLine(response.status, body));
  error.status = response.status;
  return error;
}

/** POST a JSON body with the given token (the signed-in reviewer's by default). */
export async function postJSON(path, body, bearer = token()) {
  const headers = { Accept: "application/json", "Content-Type": "application/json" };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const response = await fetch(path, {
    method: "POST", headers, body: JSON.stringify(body ?? {}), credentials: "omit", cache: "no-store",
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** GET that reports the server's reason on failure (the review pages show it). */
async function getFresh(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  if (!response.ok) throw await failure(response);
  return response.json();
}

const eventPath = (id) => `/api/events/${encodeURIComponent(id)}`;

/** Query string of the filters that are set (empty values left out). */
export function query(filters, extra = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra })) {
    if (value === null || value === undefined || value === "" || value === false) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** True when the error only says that the request was cancelled on purpose. */
export function isAbort(err) {
  return Boolean(err) && err.name === "AbortError";
}

export const api = {
  config: () => getJSON("/api/config"),
  facets: () => getJSON("/api/facets"),
  /** One page of events: {events, total, limit, next, cursor}; cursor null on the first page. */
  events: (filters, { limit, cursor = null, sort = null }, signal) =>
    getJSON(`/api/events${query(filters, { limit, sort, cursor })}`, signal),
  event: (id) => getFresh(eventPath(id)),
  /** Events and fatalities per day or per week (bucket "day" | "week"), by event type. */
  timeline: (filters, bucket, signal) => getJSON(`/api/timeline${query(filters, { bucket })}`, signal),
  /** The server's grid of clusters for this zoom and bbox [west, south, east, north]. */
  map: (filters, { zoom, bbox }, signal) =>
    getJSON(`/api/map${query(filters, { zoom, bbox: bbox.join(",") })}`, signal),
  tallies: (filters) => getJSON(`/api/tallies${query(filters)}`),
  exportUrl: (filters, format) => `/api/export${query(filters, { format })}`,
  openapi: () => getJSON("/openapi.json"),
  actorTypes: () => getJSON("/api/aggregates/actor-type"),
  // review (REVIEW-SPEC.md): reads are open, writes need the token
  checkToken: (bearer) => postJSON("/api/auth/check", {}, bearer),
  history: (id) => getFresh(`${eventPath(id)}/history`),
  queue: (limit = 50) => getFresh(`/api/review/queue${query({}, { limit })}`),
  places: (q, country) => getFresh(`/api/places${query({}, { q, country, limit: 10 })}`),
  confirm: (id, reason) => postJSON(`${eventPath(id)}/confirm`, reason ? { reason } : {}),
  correct: (id, fields, reason) => postJSON(`${eventPath(id)}/correct`, { fields, reason }),
  merge: (eventIds, reason) => postJSON("/api/events/merge", { event_ids: eventIds, reason }),
  split: (id, mentionIds, reason) => postJSON(`${eventPath(id)}/split`, { mention_ids: mentionIds, reason }),
  reject: (id, category, reason) => postJSON(`${eventPath(id)}/reject`, { category, reason }),
  undo: (actionId, reason) => postJSON("/api/review/undo", { action_id: actionId, reason }),
};
