// The REST API, as the page uses it. Every call takes an optional AbortSignal so that a request
// made stale by a newer one (the map moved again, the filters changed) can be cancelled.

async function getJSON(path, signal) {
  const response = await fetch(path, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) {
    const error = new Error(`${response.status} ${path}`);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

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
  event: (id) => getJSON(`/api/events/${encodeURIComponent(id)}`),
  /** Events and fatalities per day or per week (bucket "day" | "week"), by event type. */
  timeline: (filters, bucket, signal) => getJSON(`/api/timeline${query(filters, { bucket })}`, signal),
  /** The server's grid of clusters for this zoom and bbox [west, south, east, north]. */
  map: (filters, { zoom, bbox }, signal) =>
    getJSON(`/api/map${query(filters, { zoom, bbox: bbox.join(",") })}`, signal),
  tallies: (filters) => getJSON(`/api/tallies${query(filters)}`),
  exportUrl: (filters, format) => `/api/export${query(filters, { format })}`,
};
