// The events map: MapLibre GL over an offline basemap (Natural Earth countries and first-level
// regions shipped with the dashboard), or over an online tile server when one is configured.
// The events come as the server's clusters (/api/map) for the view's bbox and zoom, asked for
// again whenever the view settles: a million events never travel to the page.
import * as maplibregl from "../vendor/maplibre-gl/maplibre-gl.mjs";
import { feature, mesh } from "../vendor/topojson-client/index.js";
import { h, replace } from "./dom.js";
import { t, typeName, formatCount } from "./i18n.js";
import { TYPE_COLORS, OTHER_COLOR } from "./colors.js";
import { api, isAbort } from "./api.js";
import { cellFeatures, cellsExtent, debounce, requestZoom, viewBbox } from "./cells.js";

const MOVE_DEBOUNCE_MS = 200;
const FIT_ZOOM = 3; // the grid the first view is fitted to
const MAX_LABELS = 400; // count labels are DOM elements: only the biggest clusters get one
const WORLD = [-180, -90, 180, 90];
const BASEMAP_WAIT_MS = 3000; // the longest the countries wait for the first clusters

const EMPTY = { type: "FeatureCollection", features: [] };
const loadedAdmin1 = new Set();

export function baseStyle(tileUrl) {
  const sources = {
    countries: { type: "geojson", data: EMPTY },
    borders: { type: "geojson", data: EMPTY },
    admin1: { type: "geojson", data: EMPTY },
    cells: { type: "geojson", data: EMPTY },
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
    { id: "clusters", type: "circle", source: "cells", filter: ["==", ["get", "kind"], "cluster"],
      paint: {
        "circle-color": "#0b5cad",
        "circle-radius": ["interpolate", ["linear"], ["sqrt", ["get", "count"]], 1, 10, 10, 17, 100, 27, 1000, 40],
        "circle-opacity": 0.6,
        "circle-stroke-color": "#ffffff",
        "circle-stroke-width": 1.5,
      } },
    { id: "events", type: "circle", source: "cells", filter: ["==", ["get", "kind"], "event"],
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

/** Resolves once the map has drawn a frame with the cells' new data, or has nothing left to do
 * (idle), whichever comes first: the basemap may still be loading, the clusters are on screen. */
function cellsDrawn(map) {
  return new Promise((resolve) => {
    const onData = (e) => {
      if (e.sourceId !== "cells" || e.sourceDataType === "metadata" || !map.isSourceLoaded("cells")) return;
      map.off("sourcedata", onData);
      map.once("render", resolve);
    };
    map.on("sourcedata", onData);
    map.once("idle", () => {
      map.off("sourcedata", onData);
      resolve();
    });
  });
}

/** Draw the offline basemap's countries and borders on a map made with baseStyle(). */
export async function drawCountries(map) {
  try {
    const topo = await fetchJSON("basemap/countries-50m.json");
    const obj = topo.objects.countries;
    map.getSource("countries").setData(unwrapAll(feature(topo, obj)));
    map.getSource("borders").setData(unwrapAll(mesh(topo, obj, (a, b) => a !== b)));
    map.getContainer().dataset.basemap = "loaded";
  } catch (err) {
    console.warn("basemap: countries", err);
    map.getContainer().dataset.basemap = "failed";
  }
}

export class EventMap {
  constructor(container, { tileUrl, onSelect, onError }) {
    this.onSelect = onSelect;
    this.filters = null;
    this.key = null; // the request drawn or being drawn
    this.drawing = Promise.resolve(false);
    this.controller = null;
    this.fitted = false;
    this.labels = [];
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
    this.loaded = new Promise((resolve) => this.map.on("load", resolve));
    // the clusters first, the basemap's countries after them (or after a while without them):
    // both are cut into tiles by the same worker
    this.firstDrawn = new Promise((resolve) => { this.settleFirst = resolve; });
    const soon = new Promise((resolve) => { setTimeout(resolve, BASEMAP_WAIT_MS); });
    this.loaded.then(() => Promise.race([this.firstDrawn, soon])).then(() => this.loadCountries());
    const settled = debounce(() => this.refresh().catch(onError), MOVE_DEBOUNCE_MS);
    this.map.on("moveend", settled);
    this.map.on("zoomend", settled);
    for (const layer of ["events", "clusters"]) {
      this.map.on("mouseenter", layer, () => { this.map.getCanvas().style.cursor = "pointer"; });
      this.map.on("mouseleave", layer, () => {
        this.map.getCanvas().style.cursor = "";
        this.popup.remove();
      });
      this.map.on("mousemove", layer, (e) => this.hover(e));
    }
    this.map.on("click", "events", (e) => {
      const f = e.features && e.features[0];
      if (f) this.onSelect(f.properties.event_id);
    });
    this.map.on("click", "clusters", (e) => {
      const f = e.features && e.features[0];
      const onEvent = this.map.queryRenderedFeatures(e.point, { layers: ["events"] }).length > 0;
      if (f && !onEvent) this.map.easeTo({ center: f.geometry.coordinates, zoom: Math.min(this.map.getZoom() + 2, 18), duration: 300 });
    });
    window.cronicaMap = this.map; // for the browser tests and for curious users
  }

  loadCountries() {
    return drawCountries(this.map);
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
    await this.loaded;
    this.map.getSource("admin1").setData({ type: "FeatureCollection", features });
  }

  hover(e) {
    const f = e.features && e.features[0];
    if (!f) return;
    const p = f.properties;
    const box = p.kind === "cluster"
      ? h("div", { class: "popup" },
        h("strong", {}, t("map.cluster", { n: formatCount(p.count) })),
        p.fatalities ? h("div", {}, `${t("table.killed")}: ${formatCount(p.fatalities)}`) : null,
        h("div", { class: "muted" }, t("map.cluster.zoom")))
      : h("div", { class: "popup" },
        h("strong", {}, typeName(p.event_type)),
        p.fatalities ? h("div", {}, `${t("table.killed")}: ${p.fatalities}`) : null,
        h("div", { class: "muted" }, t("map.event.open")));
    this.popup.setLngLat(f.geometry.coordinates).setDOMContent(box).addTo(this.map);
  }

  /** Show the events that pass these filters; resolves once the map has drawn them. The first
   * time, the view is fitted to where the events are. */
  async setFilters(filters) {
    if (!this.fitted) {
      this.fitted = true;
      await this.fitToData(filters);
    }
    this.filters = filters;
    return this.refresh();
  }

  async fitToData(filters) {
    const found = await api.map(filters, { zoom: FIT_ZOOM, bbox: WORLD });
    const extent = cellsExtent(found.cells, FIT_ZOOM);
    if (extent) this.map.fitBounds(extent, { padding: 60, maxZoom: 7, duration: 0 });
  }

  /** Ask the server for the clusters of the current view (unless that is what is drawn or on
   * its way), cancelling the request it replaces; resolves once the newest answer is drawn. */
  refresh() {
    if (!this.filters) return this.drawing;
    const b = this.map.getBounds();
    const view = { zoom: requestZoom(this.map.getZoom()), bbox: viewBbox(b.getWest(), b.getSouth(), b.getEast(), b.getNorth()) };
    const key = JSON.stringify([this.filters, view]);
    if (key === this.key) return this.drawing;
    this.key = key;
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.drawing = this.fetchAndDraw(view, controller);
    return this.drawing;
  }

  async fetchAndDraw(view, controller) {
    let found;
    try {
      found = await api.map(this.filters, view, controller.signal);
    } catch (err) {
      if (isAbort(err) && this.controller !== controller) return this.drawing;
      this.key = null; // ask again next time
      this.settleFirst();
      throw err;
    }
    if (this.controller !== controller) return this.drawing;
    await this.loaded;
    const drawn = cellsDrawn(this.map);
    const cells = cellFeatures(found.cells);
    this.map.getSource("cells").setData(cells);
    this.clusters = cells.features.filter((f) => f.properties.kind === "cluster");
    this.label(this.clusters);
    this.shown = { zoom: found.zoom, total: found.total, cells: cells.features.length };
    await drawn;
    this.settleFirst();
    return true;
  }

  /** The count on each cluster: DOM labels, since the offline style has no font glyphs. */
  label(clusters) {
    for (const marker of this.labels) marker.remove();
    this.labels = clusters.slice(0, MAX_LABELS).map((f) => new maplibregl.Marker({
      element: h("div", { class: "cluster-count", "data-count": f.properties.count }, formatCount(f.properties.count)),
    }).setLngLat(f.geometry.coordinates).addTo(this.map));
  }

  /** The events changed (a review action): ask the server again on the next refresh. */
  invalidate() {
    this.key = null;
  }

  /** Write the counts again (in the language just chosen). */
  relabel() {
    this.label(this.clusters || []);
  }

  resize() {
    this.map.resize();
  }
}

/** The legend: colours by type (for the types present), the size key and the cluster key. */
export function renderLegend(el, types) {
  replace(el,
    h("ul", {}, types.map((type) => h("li", {},
      h("span", { class: `swatch type-${slug(type)}` }), typeName(type)))),
    h("div", { class: "size-key" }, t("map.legend.size")),
    h("div", { class: "size-key" }, h("span", { class: "swatch cluster" }), t("map.legend.cluster")));
}

export function slug(type) {
  return String(type).toLowerCase().replace(/[^a-z]+/g, "-");
}
