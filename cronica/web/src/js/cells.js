// What the map asks the server for and what it draws from the answer, without MapLibre: the
// view's bbox and integer zoom for /api/map, and the GeoJSON of its cells (a cell holding one
// event is that event's point; a larger one is a cluster with its count).

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const round = (v) => Math.round(v * 1e4) / 1e4;

/** [west, south, east, north] of a view, inside the ranges the API accepts. A view that wraps
 * across the antimeridian or shows the world more than once asks for every longitude. */
export function viewBbox(west, south, east, north) {
  let w = clamp(west, -180, 180);
  let e = clamp(east, -180, 180);
  if (east - west >= 360 || w >= e || west < -180 || east > 180) {
    w = -180;
    e = 180;
  }
  return [round(w), round(clamp(south, -90, 90)), round(e), round(clamp(north, -90, 90))];
}

/** The integer zoom level of /api/map for MapLibre's fractional zoom. */
export function requestZoom(zoom) {
  return clamp(Math.floor(zoom), 0, 18); // /api/map answers zoom 0 to 18
}

/** The cells as GeoJSON points; one event per feature carries its id, a cluster its count. */
export function cellFeatures(cells) {
  const features = [];
  for (const c of cells || []) {
    if (!Number.isFinite(c.lat) || !Number.isFinite(c.lon) || !(c.count > 0)) continue;
    const single = c.count === 1 && c.event_id;
    features.push({
      type: "Feature",
      geometry: { type: "Point", coordinates: [c.lon, c.lat] },
      properties: single
        ? { kind: "event", event_id: c.event_id, event_type: c.event_type, fatalities: c.fatalities ?? 0 }
        : { kind: "cluster", count: c.count, fatalities: c.fatalities ?? 0 },
    });
  }
  // the biggest circles first, so that the small ones drawn over them stay clickable
  features.sort((a, b) => (b.properties.count || 1) - (a.properties.count || 1)
    || b.properties.fatalities - a.properties.fatalities);
  return { type: "FeatureCollection", features };
}

/** [[west, south], [east, north]] around the cells, or null when there are none. */
export function cellsExtent(cells, zoom) {
  // a cell's events lie in its grid square (the server's cell size at that zoom), not only at
  // their mean: fit to the squares, or events at a cell's edge fall outside the first view
  if (!cells.length) return null;
  const size = 360 / 2 ** (zoom + 3);
  const lo = (v) => Math.floor(v / size) * size;
  const west = Math.max(-180, Math.min(...cells.map((c) => lo(c.lon))));
  const south = Math.max(-85, Math.min(...cells.map((c) => lo(c.lat))));
  const east = Math.min(180, Math.max(...cells.map((c) => lo(c.lon) + size)));
  const north = Math.min(85, Math.max(...cells.map((c) => lo(c.lat) + size)));
  return [[west, south], [east, north]];
}

/** Run fn once calls have stopped for ms milliseconds. */
export function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
