// The events map: MapLibre GL over an offline basemap (Natural Earth countries and first-level
// regions shipped with the dashboard), or over an online tile server when one is configured.
import * as maplibregl from "../vendor/maplibre-gl/maplibre-gl.mjs";
import { feature, mesh } from "../vendor/topojson-client/index.js";
import { h, replace } from "./dom.js";
import { t, typeName, formatDate } from "./i18n.js";
import { TYPE_COLORS, OTHER_COLOR } from "./colors.js";

const EMPTY = { type: "FeatureCollection", features: [] };
const loadedAdmin1 = new Set();

function baseStyle(tileUrl) {
  const sources = {
    countries: { type: "geojson", data: EMPTY },
    borders: { type: "geojson", data: EMPTY },
    admin1: { type: "geojson", data: EMPTY },
    events: { type: "geojson", data: EMPTY },
  };
  const layers = [{ id: "water", type: "background", paint: { "background-color": "#dbe7ef" } }];
  if (tileUrl) {
    sources.tiles = { type: "raster", tiles: [tileUrl], tileSize: 256 };
    layers.push({ id: "tiles", type: "raster", source: "tiles" });
  } else {
    layers.push({ id: "land", type: "fill", source: "countries", paint: { "fill-color": "#f4f1ea" } });
  }
  layers.push(
    { id: "admin1-lines", type: "line", source: "admin1",
      paint: { "line-color": "#9a948a", "line-width": 0.6, "line-dasharray": [2, 2] } },
    { id: "country-lines", type: "line", source: "borders", paint: { "line-color": "#6b655c", "line-width": 1 } },
    { id: "events", type: "circle", source: "events",
      paint: {
        "circle-color": ["match", ["get", "event_type"],
          ...Object.entries(TYPE_COLORS).flat(), OTHER_COLOR],
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["coalesce", ["get", "fatalities"], 0]],
          0, 5, 2, 9, 5, 16, 10, 26],
        "circle-opacity": 0.75,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.2,
      } },
  );
  return { version: 8, sources, layers };
}

/** Keep rings continuous across the antimeridian (Fiji, Russia): Natural Earth's rings jump
 * from 180 to -180, which a flat map would draw as a band around the world. */
function unwrapRing(ring) {
  const out = [];
  let shift = 0;
  for (let i = 0; i < ring.length; i++) {
    if (i > 0) {
      const d = ring[i][0] - ring[i - 1][0];
      if (d > 180) shift -= 360;
      else if (d < -180) shift += 360;
    }
    out.push([ring[i][0] + shift, ring[i][1]]);
  }
  return out;
}

function unwrapGeometry(g) {
  if (!g) return g;
  const depth = { LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2 }[g.type];
  if (depth === undefined) return g;
  const walk = (c, d) => (d === 0 ? unwrapRing(c) : c.map((x) => walk(x, d - 1)));
  return { ...g, coordinates: walk(g.coordinates, depth) };
}

function unwrapAll(geojson) {
  if (geojson.type === "FeatureCollection") {
    return { ...geojson, features: geojson.features.map((f) => ({ ...f, geometry: unwrapGeometry(f.geometry) })) };
  }
  return unwrapGeometry(geojson);
}

async function fetchJSON(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${r.status} ${url}`);
  return r.json();
}

export class EventMap {
  constructor(container, { tileUrl, onSelect }) {
    this.onSelect = onSelect;
    this.ready = false;
    this.pending = null;
    this.map = new maplibregl.Map({
      container,
      style: baseStyle(tileUrl),
      center: [-75, -10],
      zoom: 3.2,
      attributionControl: { compact: true, customAttribution: tileUrl ? "" : t("map.basemap") },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    this.map.addControl(new maplibregl.ScaleControl(), "bottom-left");
    this.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: "280px" });
    this.map.on("load", () => {
      this.ready = true;
      this.loadCountries();
      if (this.pending) this.show(...this.pending);
    });
    this.map.on("mouseenter", "events", () => { this.map.getCanvas().style.cursor = "pointer"; });
    this.map.on("mouseleave", "events", () => {
      this.map.getCanvas().style.cursor = "";
      this.popup.remove();
    });
    this.map.on("mousemove", "events", (e) => this.hover(e));
    this.map.on("click", "events", (e) => {
      const f = e.features && e.features[0];
      if (f) this.onSelect(f.properties.event_id);
    });
    window.cronicaMap = this.map; // for the browser tests and for curious users
  }

  async loadCountries() {
    try {
      const topo = await fetchJSON("basemap/countries-50m.json");
      const obj = topo.objects.countries;
      this.map.getSource("countries").setData(unwrapAll(feature(topo, obj)));
      this.map.getSource("borders").setData(unwrapAll(mesh(topo, obj, (a, b) => a !== b)));
    } catch (err) {
      console.warn("basemap: countries", err);
    }
  }

  /** Load first-level boundaries for the countries shown (ISO alpha-3 codes). */
  async loadAdmin1(iso3s) {
    const wanted = iso3s.filter((c) => c && !loadedAdmin1.has(c));
    if (!wanted.length) return;
    let available = [];
    try {
      available = await fetchJSON("basemap/admin1/index.json");
    } catch {
      return;
    }
    const features = this.admin1Features || [];
    for (const code of wanted) {
      loadedAdmin1.add(code);
      if (!available.includes(code)) continue;
      try {
        const topo = await fetchJSON(`basemap/admin1/${code}.topo.json`);
        const obj = Object.values(topo.objects)[0];
        features.push(...mesh(topo, obj, (a, b) => a !== b).coordinates.map((c) => ({
          type: "Feature", properties: { country: code }, geometry: { type: "LineString", coordinates: c },
        })));
      } catch (err) {
        console.warn("basemap: admin-1", code, err);
      }
    }
    this.admin1Features = features;
    if (this.ready) this.map.getSource("admin1").setData({ type: "FeatureCollection", features });
  }

  hover(e) {
    const f = e.features && e.features[0];
    if (!f) return;
    const p = f.properties;
    const killed = p.fatalities === null || p.fatalities === undefined || p.fatalities === "null" ? "" : p.fatalities;
    const box = h("div", { class: "popup" },
      h("strong", {}, p.sub_event_type),
      h("div", {}, `${formatDate(p.event_date)} · ${p.place || ""}${p.admin1 ? `, ${p.admin1}` : ""}`),
      h("div", {}, typeName(p.event_type)),
      killed !== "" ? h("div", {}, `${t("table.killed")}: ${killed}`) : null);
    this.popup.setLngLat(f.geometry.coordinates).setDOMContent(box).addTo(this.map);
  }

  /** Show these events (records of /api/events); fit the view to them when asked. */
  show(events, fit = false) {
    if (!this.ready) {
      this.pending = [events, fit];
      return;
    }
    this.pending = null;
    const features = [];
    for (const e of events) {
      const loc = e.location;
      if (!loc || loc.lat === null || loc.lon === null || loc.lat === undefined) continue;
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: [loc.lon, loc.lat] },
        properties: {
          event_id: e.event_id, event_type: e.event_type, sub_event_type: e.sub_event_type,
          event_date: e.event_date, fatalities: e.fatalities, place: loc.name, admin1: loc.admin1,
        },
      });
    }
    // draw the biggest circles first so small ones stay clickable
    features.sort((a, b) => (b.properties.fatalities || 0) - (a.properties.fatalities || 0));
    this.map.getSource("events").setData({ type: "FeatureCollection", features });
    this.shown = features.length;
    if (fit && features.length) {
      const lons = features.map((f) => f.geometry.coordinates[0]);
      const lats = features.map((f) => f.geometry.coordinates[1]);
      const bounds = [[Math.min(...lons), Math.min(...lats)], [Math.max(...lons), Math.max(...lats)]];
      this.map.fitBounds(bounds, { padding: 60, maxZoom: 7, duration: 0 });
    }
    return features.length;
  }

  resize() {
    this.map.resize();
  }
}

/** The legend: colours by type (for the types present) and the size key. */
export function renderLegend(el, types, missing) {
  replace(el,
    h("ul", {}, types.map((type) => h("li", {},
      h("span", { class: `swatch type-${slug(type)}` }), typeName(type)))),
    h("div", { class: "size-key" }, t("map.legend.size")),
    missing ? h("div", { class: "missing" }, t("map.noLocation", { n: missing })) : null);
}

export function slug(type) {
  return String(type).toLowerCase().replace(/[^a-z]+/g, "-");
}
