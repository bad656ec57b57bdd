// A small map in the correction form: a click picks the event's place as a point (lat, lon).
import * as maplibregl from "../vendor/maplibre-gl/maplibre-gl.mjs";
import { baseStyle, drawCountries } from "./map.js";
import { t } from "./i18n.js";

export class PointPicker {
  /** onPick({lat, lon}) is called on every click; the marker shows the chosen point. */
  constructor(container, { tileUrl, center, onPick }) {
    this.map = new maplibregl.Map({
      container,
      style: baseStyle(tileUrl),
      center: center ? [center.lon, center.lat] : [-75, -10],
      zoom: center ? 6 : 3,
      attributionControl: { compact: true, customAttribution: tileUrl ? "" : t("map.basemap") },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    this.marker = null;
    this.map.on("load", () => drawCountries(this.map));
    this.map.on("click", (e) => {
      const point = { lat: round(e.lngLat.lat), lon: round(e.lngLat.lng) };
      this.show(point);
      onPick(point);
    });
    window.cronicaPicker = this.map; // for the browser tests
    if (center) this.show(center);
  }

  show(point) {
    if (!this.marker) this.marker = new maplibregl.Marker({ color: "#8e1b1b" });
    this.marker.setLngLat([point.lon, point.lat]).addTo(this.map);
  }

  remove() {
    this.map.remove();
  }
}

const round = (x) => Math.round(x * 1e5) / 1e5;
