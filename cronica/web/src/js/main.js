// The dashboard: filters, map, timeline and table on one view; an event page; the ledger.
// Routes: #/ (events, filters in the query: #/?since=...&type=...), #/event/<id>, #/ledger.
import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { initLanguage, language, onLanguage, setLanguage, t, translatePage, typeName, formatDate } from "./i18n.js";
import { EventMap, renderLegend } from "./map.js";
import { Timeline } from "./timeline.js";
import { EventTable } from "./table.js";
import { renderEvent, renderMissing } from "./event.js";
import { renderLedger } from "./ledger.js";

const FILTER_KEYS = ["since", "until", "type", "country", "admin1", "actor", "q", "background"];
const PAGE = 5000;

const state = {
  filters: {},
  facets: null,
  config: { tile_url: null },
  events: [],
  total: 0,
  ledgerKind: "killed",
  current: null, // the event shown on the event page
  ledger: null,
  fitted: false,
};

const $ = (sel) => document.querySelector(sel);
let map, timeline, table;
let loadSeq = 0;

function status(message, isError = false) {
  const el = $("#status");
  el.hidden = !message;
  el.textContent = message || "";
  el.classList.toggle("error", isError);
}

// -- filters ----------------------------------------------------------------
function readForm() {
  const form = $("#filters");
  const f = {};
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (!input) continue;
    const v = input.type === "checkbox" ? input.checked : input.value.trim();
    if (v) f[key] = v;
  }
  return f;
}

function writeForm(f) {
  const form = $("#filters");
  for (const key of FILTER_KEYS) {
    const input = form.elements[key];
    if (!input) continue;
    if (input.type === "checkbox") input.checked = Boolean(f[key]);
    else input.value = f[key] || "";
  }
}

function options(select, values, label) {
  const current = select.value;
  replace(select, h("option", { value: "" }, t("filters.any")),
    values.map((v) => h("option", { value: v.value }, `${label(v)} (${v.count})`)));
  select.value = current;
}

function fillFacets() {
  if (!state.facets) return;
  const form = $("#filters");
  options(form.elements.type, state.facets.event_type, (v) => typeName(v.value));
  options(form.elements.country, state.facets.country, (v) => (v.name ? `${v.name.split(",")[0]}` : v.value));
  options(form.elements.admin1, state.facets.admin1, (v) => v.value);
  writeForm(state.filters);
}

function filtersFromHash() {
  const [, qs = ""] = location.hash.split("?");
  const params = new URLSearchParams(qs);
  const f = {};
  for (const key of FILTER_KEYS) if (params.get(key)) f[key] = params.get(key);
  return f;
}

function hashFor(filters) {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key]) params.set(key, filters[key]);
  const qs = params.toString();
  return qs ? `#/?${qs}` : "#/";
}

function setFilters(filters) {
  const next = hashFor(filters);
  if (location.hash === next || (next === "#/" && (location.hash === "" || location.hash === "#"))) {
    state.filters = filters;
    loadEvents();
  } else {
    location.hash = next;
  }
}

function updateExportLink() {
  const fmt = $("#export-format").value;
  $("#export-link").setAttribute("href", api.exportUrl(state.filters, fmt));
}

// -- the events view ----------------------------------------------------------
async function loadEvents() {
  const seq = ++loadSeq;
  updateExportLink();
  const { since, until, ...rest } = state.filters;
  status(t("status.loading"));
  try {
    const [page, tl] = await Promise.all([
      api.events(state.filters, { limit: PAGE, sort: "date" }),
      api.timeline(rest),
    ]);
    if (seq !== loadSeq) return;
    state.events = page.events;
    state.total = page.total;
    table.set(page.events, page.total);
    const shown = map.show(page.events, !state.fitted);
    state.fitted = state.fitted || page.events.length > 0;
    const missing = page.events.filter((e) => !e.location || e.location.lat === null).length;
    renderLegend($("#map-legend"), tl.types, missing);
    timeline.set(tl, since || until ? [since || null, until || null] : null);
    const rangeEl = $("#timeline-range");
    rangeEl.textContent = since || until
      ? t("timeline.range", { since: since ? formatDate(since) : "…", until: until ? formatDate(until) : "…" }) : "";
    $("#timeline-clear").hidden = !(since || until);
    const iso3 = (state.facets ? state.facets.country : []).map((c) => c.iso3).filter(Boolean);
    map.loadAdmin1(iso3);
    document.body.dataset.eventsShown = String(shown ?? "");
    status("");
  } catch (err) {
    if (seq === loadSeq) status(t("status.error", { error: err.message }), true);
  }
}

// -- routing ------------------------------------------------------------------
function show(view) {
  for (const id of ["view-events", "view-event", "view-ledger"]) $(`#${id}`).hidden = id !== view;
  $("#nav-events").classList.toggle("active", view !== "view-ledger");
  $("#nav-ledger").classList.toggle("active", view === "view-ledger");
  if (view === "view-events" && map) map.resize();
}

async function showEvent(id) {
  show("view-event");
  const el = $("#view-event");
  replace(el, h("p", { class: "muted" }, t("status.loading")));
  try {
    state.current = await api.event(id);
    renderEvent(el, state.current);
    document.title = `${state.current.sub_event_type} — cronica`;
  } catch (err) {
    state.current = null;
    renderMissing(el, id, err);
  }
  window.scrollTo(0, 0);
}

async function showLedger() {
  show("view-ledger");
  const el = $("#view-ledger");
  try {
    state.ledger = state.ledger || (await api.tallies({}));
    const onKind = (k) => {
      state.ledgerKind = k;
      renderLedger(el, state.ledger, state.ledgerKind, onKind);
    };
    renderLedger(el, state.ledger, state.ledgerKind, onKind);
  } catch (err) {
    replace(el, h("p", { class: "error" }, t("status.error", { error: err.message })));
  }
}

function route() {
  const hash = location.hash || "#/";
  if (hash.startsWith("#/event/")) {
    showEvent(decodeURIComponent(hash.slice("#/event/".length)));
  } else if (hash.startsWith("#/ledger")) {
    showLedger();
  } else {
    show("view-events");
    document.title = "cronica";
    const next = filtersFromHash();
    const changed = JSON.stringify(next) !== JSON.stringify(state.filters) || !state.loaded;
    state.filters = next;
    state.loaded = true;
    // only when the address changed the filters (back button, timeline, a shared link): never
    // overwrite what the user is typing
    if (JSON.stringify(readForm()) !== JSON.stringify(next)) writeForm(next);
    if (changed) loadEvents();
  }
}

function rerenderLanguage() {
  translatePage();
  $("#lang").value = language();
  fillFacets();
  table.render();
  timeline.render();
  loadEvents();
  const hash = location.hash || "#/";
  if (hash.startsWith("#/event/") && state.current) renderEvent($("#view-event"), state.current);
  if (hash.startsWith("#/ledger") && state.ledger) showLedger();
}

// -- start ----------------------------------------------------------------------
async function start() {
  initLanguage();
  translatePage();
  $("#lang").value = language();
  $("#lang").addEventListener("change", (e) => setLanguage(e.target.value));
  onLanguage(rerenderLanguage);
  $("#export-format").addEventListener("change", updateExportLink);

  try {
    [state.config, state.facets] = await Promise.all([api.config(), api.facets()]);
  } catch (err) {
    status(t("status.error", { error: err.message }), true);
  }
  map = new EventMap($("#map"), {
    tileUrl: state.config && state.config.tile_url,
    onSelect: (id) => { location.hash = `#/event/${encodeURIComponent(id)}`; },
  });
  timeline = new Timeline($("#timeline"), {
    onRange: (since, until) => setFilters({ ...state.filters, since, until }),
  });
  table = new EventTable($("#events-table"), $("#table-count"));
  $("#events-table").addEventListener("click", (e) => {
    if (e.target.closest("a, button")) return;
    const row = e.target.closest("tr[data-event-id]");
    if (row) location.hash = `#/event/${encodeURIComponent(row.dataset.eventId)}`;
  });
  $("#timeline-clear").addEventListener("click", () => {
    const { since, until, ...rest } = state.filters;
    setFilters(rest);
  });
  const form = $("#filters");
  let typing;
  form.addEventListener("change", () => setFilters(readForm()));
  form.addEventListener("input", (e) => {
    if (e.target.type !== "search") return;
    clearTimeout(typing);
    typing = setTimeout(() => setFilters(readForm()), 350);
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); setFilters(readForm()); });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    writeForm({});
    setFilters({});
  });
  fillFacets();
  window.addEventListener("hashchange", route);
  route();
}

start();
