// The REST API, as the page uses it.

async function getJSON(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
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

export const api = {
  config: () => getJSON("/api/config"),
  facets: () => getJSON("/api/facets"),
  events: (filters, extra) => getJSON(`/api/events${query(filters, extra)}`),
  event: (id) => getJSON(`/api/events/${encodeURIComponent(id)}`),
  timeline: (filters) => getJSON(`/api/timeline${query(filters)}`),
  tallies: (filters) => getJSON(`/api/tallies${query(filters)}`),
  exportUrl: (filters, format) => `/api/export${query(filters, { format })}`,
};
