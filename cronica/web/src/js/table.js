// The events table: sortable by any column (click a heading), one link per event.
import { h, replace } from "./dom.js";
import { t, typeName, formatDate } from "./i18n.js";
import { slug } from "./map.js";

const nReports = (e) => new Set((e.evidence || []).map((ev) => ev.doc_id)).size;
const place = (e) => (e.location ? [e.location.name, e.location.admin1].filter(Boolean).join(", ") : "");
const actors = (e) => [e.actor1, e.actor2].filter(Boolean).map((a) => a.name).join(" · ");

const COLUMNS = [
  { key: "date", label: "table.date", value: (e) => e.event_date || "" },
  { key: "type", label: "table.type", value: (e) => `${e.event_type} ${e.sub_event_type}` },
  { key: "location", label: "table.location", value: place },
  { key: "actors", label: "table.actors", value: actors },
  { key: "killed", label: "table.killed", value: (e) => e.fatalities ?? -1, numeric: true },
  { key: "reports", label: "table.reports", value: nReports, numeric: true },
];

export class EventTable {
  constructor(table, countEl) {
    this.table = table;
    this.countEl = countEl;
    this.events = [];
    this.total = 0;
    this.sort = { key: "date", dir: 1 };
  }

  set(events, total) {
    this.events = events;
    this.total = total;
    this.render();
  }

  sorted() {
    const col = COLUMNS.find((c) => c.key === this.sort.key);
    const dir = this.sort.dir;
    return [...this.events].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      const cmp = col.numeric ? va - vb : String(va).localeCompare(String(vb));
      return cmp * dir || String(a.event_id).localeCompare(String(b.event_id));
    });
  }

  render() {
    const head = h("thead", {}, h("tr", {}, COLUMNS.map((c) => {
      const active = this.sort.key === c.key;
      return h("th", { scope: "col", "aria-sort": active ? (this.sort.dir > 0 ? "ascending" : "descending") : "none",
        class: c.numeric ? "num" : null },
      h("button", { type: "button", class: "sort", "data-column": c.key, title: t("table.sort", { column: t(c.label) }),
        onclick: () => {
          this.sort = { key: c.key, dir: active ? -this.sort.dir : (c.numeric ? -1 : 1) };
          this.render();
        } }, t(c.label), active ? (this.sort.dir > 0 ? " ▲" : " ▼") : ""));
    })));
    const rows = this.sorted().map((e) => h("tr", { "data-event-id": e.event_id, class: e.background ? "background" : null },
      h("td", { class: "date" }, h("a", { href: `#/event/${encodeURIComponent(e.event_id)}` }, formatDate(e.event_date) || "?")),
      h("td", {}, h("span", { class: `swatch type-${slug(e.event_type)}` }),
        h("span", { class: "type" }, typeName(e.event_type)), h("br"), h("small", {}, e.sub_event_type)),
      h("td", {}, place(e)),
      h("td", {}, actors(e)),
      h("td", { class: "num" }, e.fatalities ?? "", e.disputed ? h("span", { class: "badge", title: t("table.disputed") }, "≠") : null),
      h("td", { class: "num" }, String(nReports(e)))));
    const body = rows.length ? h("tbody", {}, rows)
      : h("tbody", {}, h("tr", {}, h("td", { colspan: COLUMNS.length, class: "empty" }, t("table.empty"))));
    replace(this.table, head, body);
    this.countEl.textContent = t("table.count", { shown: this.events.length, total: this.total });
  }
}
