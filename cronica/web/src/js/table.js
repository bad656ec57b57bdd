// The events table: one page of events at a time, asked of the server with its cursor (never
// every row); next and previous pages; the total; sorted by the server (date or people killed).
// Each row shows its review status; a signed-in reviewer can tick rows to merge them.
import { h, replace } from "./dom.js";
import { statusBadge } from "./review.js";
import { t, typeName, formatDate, formatCount } from "./i18n.js";
import { slug } from "./map.js";
import { api, isAbort } from "./api.js";
import { CursorPager } from "./pager.js";

export const PAGE_SIZE = 100;

const nReports = (e) => new Set((e.evidence || []).map((ev) => ev.doc_id)).size;
const place = (e) => (e.location ? [e.location.name, e.location.admin1].filter(Boolean).join(", ") : "");
const actors = (e) => [e.actor1, e.actor2].filter(Boolean).map((a) => a.name).join(" · ");

// orders: the server's sort for each direction of a column (null: the column is not sortable)
const COLUMNS = [
  { key: "date", label: "table.date", orders: { 1: "date", [-1]: "-date" }, first: 1 },
  { key: "type", label: "table.type" },
  { key: "location", label: "table.location" },
  { key: "actors", label: "table.actors" },
  { key: "killed", label: "table.killed", numeric: true, orders: { [-1]: "fatalities" }, first: -1 },
  { key: "reports", label: "table.reports", numeric: true },
  { key: "review", label: "table.review" },
];

export class EventTable {
  constructor(table, countEl, { prev, next, pageEl, onError, onSelection = () => {} }) {
    this.table = table;
    this.onSelection = onSelection;
    this.selectable = false; // a reviewer is signed in: rows can be ticked for a merge
    this.selected = new Set();
    this.countEl = countEl;
    this.buttons = { prev, next };
    this.pageEl = pageEl;
    this.onError = onError;
    this.filters = {};
    this.events = [];
    this.total = 0;
    this.sort = { key: "date", dir: 1 };
    this.pager = new CursorPager();
    this.controller = null;
    prev.addEventListener("click", () => this.pager.back() && this.fetchPage().catch(onError));
    next.addEventListener("click", () => this.pager.forward() && this.fetchPage().catch(onError));
  }

  /** Show the first page of the events that pass these filters; true once it is drawn, false
   * when a newer request replaced this one. */
  load(filters) {
    this.filters = filters;
    this.clearSelection();
    this.pager.reset();
    return this.fetchPage();
  }

  order() {
    const col = COLUMNS.find((c) => c.key === this.sort.key);
    return col.orders[this.sort.dir];
  }

  async fetchPage() {
    if (this.controller) this.controller.abort();
    const controller = new AbortController();
    this.controller = controller;
    let page;
    try {
      page = await api.events(this.filters, { limit: PAGE_SIZE, cursor: this.pager.cursor, sort: this.order() },
        controller.signal);
    } catch (err) {
      if (isAbort(err) && this.controller !== controller) return false;
      throw err;
    }
    if (this.controller !== controller) return false;
    this.pager.received(page.cursor);
    this.events = page.events || [];
    this.total = page.total ?? 0;
    this.render();
    return true;
  }

  /** Tick boxes on (a reviewer signed in) or off. */
  setSelectable(on) {
    if (on === this.selectable) return;
    this.selectable = on;
    this.clearSelection();
    this.render();
  }

  clearSelection() {
    this.selected.clear();
    this.onSelection([]);
  }

  toggle(id, on) {
    if (on) this.selected.add(id);
    else this.selected.delete(id);
    this.onSelection([...this.selected]);
  }

  tickCell(e) {
    if (!this.selectable) return null;
    return h("td", { class: "tick" }, h("input", { type: "checkbox", class: "select-row", value: e.event_id,
      checked: this.selected.has(e.event_id), "aria-label": t("table.select"),
      onchange: (ev) => this.toggle(e.event_id, ev.target.checked) }));
  }

  heading(c) {
    if (!c.orders) return h("th", { scope: "col", class: c.numeric ? "num" : null }, t(c.label));
    const active = this.sort.key === c.key;
    const dir = active ? this.sort.dir : c.first;
    return h("th", { scope: "col", "aria-sort": active ? (dir > 0 ? "ascending" : "descending") : "none",
      class: c.numeric ? "num" : null },
    h("button", { type: "button", class: "sort", "data-column": c.key, title: t("table.sort", { column: t(c.label) }),
      onclick: () => {
        const flipped = active && c.orders[-dir] ? -dir : c.first;
        this.sort = { key: c.key, dir: flipped };
        this.pager.reset();
        this.fetchPage().catch(this.onError);
      } }, t(c.label), active ? (dir > 0 ? " ▲" : " ▼") : ""));
  }

  row(e) {
    return h("tr", { "data-event-id": e.event_id, class: e.background ? "background" : null },
      this.tickCell(e),
      h("td", { class: "date" }, h("a", { href: `#/event/${encodeURIComponent(e.event_id)}` }, formatDate(e.event_date) || "?")),
      h("td", {}, h("span", { class: `swatch type-${slug(e.event_type)}` }),
        h("span", { class: "type" }, typeName(e.event_type)), h("br"), h("small", {}, e.sub_event_type)),
      h("td", {}, place(e)),
      h("td", {}, actors(e)),
      h("td", { class: "num" }, e.fatalities ?? "", e.disputed ? h("span", { class: "badge", title: t("table.disputed") }, "≠") : null),
      h("td", { class: "num" }, String(nReports(e))),
      h("td", { class: "review" }, statusBadge(e), e.new_since_review ? h("span", { class: "new-mark" }, t("review.newMark")) : null));
  }

  render() {
    const tick = this.selectable ? h("th", { scope: "col", class: "tick" }, h("span", { class: "visually-hidden" }, t("table.select"))) : null;
    const head = h("thead", {}, h("tr", {}, tick, COLUMNS.map((c) => this.heading(c))));
    const rows = this.events.map((e) => this.row(e));
    const body = rows.length ? h("tbody", {}, rows)
      : h("tbody", {}, h("tr", {}, h("td", { colspan: COLUMNS.length + (this.selectable ? 1 : 0), class: "empty" }, t("table.empty"))));
    replace(this.table, head, body);
    const first = this.pager.index * PAGE_SIZE + 1;
    this.countEl.textContent = rows.length
      ? t("table.count", { first: formatCount(first), last: formatCount(first + rows.length - 1), total: formatCount(this.total) })
      : t("table.countNone");
    this.buttons.prev.disabled = !this.pager.hasPrevious();
    this.buttons.next.disabled = !this.pager.hasNext();
    this.pageEl.textContent = t("table.page", { n: formatCount(this.pager.index + 1) });
  }
}
