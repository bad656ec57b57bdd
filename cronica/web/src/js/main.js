// The dashboard: filters, map, timeline and table on one view; an event page; the ledger; the
// review queue. Routes: #/ (events, filters in the query: #/?since=...&type=...), #/event/<id>,
// #/ledger, #/review.
import { api } from "./api.js";
import { h, replace } from "./dom.js";
import { initLanguage, language, onLanguage, setLanguage, t, translatePage, typeName, formatDate } from "./i18n.js";
import { EventMap, renderLegend } from "./map.js";
import { Timeline, chooseBucket } from "./timeline.js";
import { EventTable } from "./table.js";
import { renderEvent, renderMissing } from "./event.js";
import { renderLedger } from "./ledger.js";
import { isAbort } from "./api.js";
import { installReady, markDrawn } from "./ready.js";
import { initAuth, onAuth, reviewer } from "./auth.js";
import { renderLogin } from "./login.js";
import { reviewPanel } from "./review.js";
import { renderQueue } from "./queue.js";

const FILTER_KEYS = ["since", "until", "type", "country", "admin1", "actor", "q", "review_status", "reviewed_only",
  "background"];
const MESSAGE_MS = 5000; // how long a review action's confirmation stays on screen
const VIEWS = ["view-events", "view-event", "view-ledger", "view-queue"];

const state = {
  filters: {},
  facets: null,
  config: { tile_url: null },
  timeline: null, // the timeline's request: {key, answer: a promise of {data, bucket}}
  types: [], // the event types the timeline counted (the legend shows them)
  ledgerKind: "killed",
  current: null, // the event shown on the event page
  ledger: null,
};

const $ = (sel) => document.querySelector(sel);
let map, timeline, table;
let loadSeq = 0;
let timelineController = null;

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
/** The timeline's counts for every filter but the period (which it is used to choose): asked
 * for again only when those filters change, not when a period is dragged. */
function loadTimeline(rest) {
  const facets = state.facets || {};
  const bucket = chooseBucket(facets.first_date, facets.last_date);
  const key = JSON.stringify([rest, bucket]);
  if (state.timeline && state.timeline.key === key) return state.timeline.answer;
  if (timelineController) timelineController.abort();
  const controller = new AbortController();
  timelineController = controller;
  const answer = api.timeline(rest, bucket === "week" ? "week" : null, controller.signal)
    .then((data) => ({ data, bucket }));
  state.timeline = { key, answer };
  answer.catch(() => {
    if (state.timeline && state.timeline.answer === answer) state.timeline = null; // ask again next time
  });
  return answer;
}

function showTimeline(tl, since, until) {
  state.types = tl.data.types;
  renderLegend($("#map-legend"), tl.data.types);
  timeline.set(tl.data, since || until ? [since || null, until || null] : null, tl.bucket);
  $("#timeline-range").textContent = since || until
    ? t("timeline.range", { since: since ? formatDate(since) : "…", until: until ? formatDate(until) : "…" }) : "";
  $("#timeline-clear").hidden = !(since || until);
}

function showError(err) {
  if (!isAbort(err)) status(t("status.error", { error: err.message }), true);
}

/** Redraw the map, the table and the timeline for the current filters; the page counts as drawn
 * (ready.js) once the map and the table both show them. */
async function loadEvents() {
  const seq = ++loadSeq;
  updateExportLink();
  const { since, until, ...rest } = state.filters;
  status(t("status.loading"));
  const iso3 = (state.facets ? state.facets.country : []).map((c) => c.iso3).filter(Boolean);
  map.loadAdmin1(iso3);
  const timelineShown = loadTimeline(rest).then((tl) => {
    if (seq === loadSeq) showTimeline(tl, since, until);
    return true;
  }, (err) => {
    if (seq === loadSeq) showError(err);
    return false;
  });
  try {
    const [mapDrawn, tableDrawn] = await Promise.all([map.setFilters(state.filters), table.load(state.filters)]);
    if (seq !== loadSeq || !mapDrawn || !tableDrawn) return;
    markDrawn();
    if ((await timelineShown) && seq === loadSeq) status("");
  } catch (err) {
    if (seq === loadSeq) showError(err);
  }
}

// -- routing ------------------------------------------------------------------
function show(view) {
  for (const id of VIEWS) $(`#${id}`).hidden = id !== view;
  $("#nav-events").classList.toggle("active", view === "view-events" || view === "view-event");
  $("#nav-ledger").classList.toggle("active", view === "view-ledger");
  $("#nav-review").classList.toggle("active", view === "view-queue");
  if (view === "view-events" && map) map.resize();
}

// -- review -------------------------------------------------------------------
/** A write changed the events: what the views hold is stale (asked for again when shown). */
function reviewed(message) {
  state.loaded = false;
  state.timeline = null;
  state.ledger = null;
  state.queue = null;
  if (map) map.invalidate();
  status(message);
  if (message) setTimeout(() => { if ($("#status").textContent === message) status(""); }, MESSAGE_MS);
}

const reviewContext = {
  get tileUrl() { return state.config && state.config.tile_url; },
  get config() { return state.config; },
  done: (answer, message) => {
    reviewed(message);
    const id = state.current && state.current.event_id;
    if (id) showEvent(id, { keepScroll: true });
  },
  fail: (err) => status(err.message, true),
};

function drawEvent() {
  renderEvent($("#view-event"), state.current, reviewPanel(state.current, reviewContext));
}

async function showEvent(id, { keepScroll = false } = {}) {
  show("view-event");
  const el = $("#view-event");
  if (!keepScroll) replace(el, h("p", { class: "muted" }, t("status.loading")));
  try {
    state.current = await api.event(id);
    drawEvent();
    document.title = `${state.current.sub_event_type} — cronica`;
  } catch (err) {
    state.current = null;
    renderMissing(el, id, err);
  }
  if (!keepScroll) window.scrollTo(0, 0);
}

async function showQueue() {
  show("view-queue");
  document.title = `${t("queue.title")} — cronica`;
  const el = $("#view-queue");
  replace(el, h("p", { class: "muted" }, t("status.loading")));
  try {
    state.queue = await api.queue();
    renderQueue(el, state.queue);
  } catch (err) {
    replace(el, h("p", { class: "error" }, t("status.error", { error: err.message })));
  }
}

/** The table's Merge: enabled once two rows are ticked; asks for the reason, then merges. */
function setupMerge() {
  const form = $("#merge-form");
  const error = $("#merge-error");
  let chosen = [];
  const close = () => {
    form.hidden = true;
    error.hidden = true;
    $("#merge-open").hidden = false;
  };
  table.onSelection = (ids) => {
    chosen = ids;
    $("#merge-open").disabled = ids.length < 2;
    $("#merge-what").textContent = t("table.mergeWhat", { n: ids.length });
    if (ids.length < 2) close();
  };
  $("#merge-open").addEventListener("click", () => {
    replace($("#merge-result"));
    $("#merge-open").hidden = true;
    form.hidden = false;
    form.elements.reason.focus();
  });
  $("#merge-cancel").addEventListener("click", close);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!form.reportValidity() || chosen.length < 2) return;
    try {
      const answer = await api.merge(chosen, form.elements.reason.value.trim());
      form.reset();
      close();
      reviewed("");
      const id = answer.event.event_id;
      replace($("#merge-result"), t("review.done.merge", { id: "" }),
        h("a", { href: `#/event/${encodeURIComponent(id)}`, id: "merged-event" }, id));
      loadEvents();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  });
}

function authChanged() {
  renderLogin($("#login"));
  $("#merge").hidden = !reviewer();
  table.setSelectable(Boolean(reviewer()));
  if ((location.hash || "").startsWith("#/event/") && state.current) drawEvent();
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
  } else if (hash.startsWith("#/review")) {
    showQueue();
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
  map.relabel();
  renderLegend($("#map-legend"), state.types || []);
  const hash = location.hash || "#/";
  renderLogin($("#login"));
  if (hash.startsWith("#/event/") && state.current) drawEvent();
  if (hash.startsWith("#/ledger") && state.ledger) showLedger();
  if (hash.startsWith("#/review") && state.queue) renderQueue($("#view-queue"), state.queue);
}

// -- start ----------------------------------------------------------------------
async function start() {
  installReady();
  initAuth();
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
    onError: showError,
  });
  timeline = new Timeline($("#timeline"), {
    onRange: (since, until) => setFilters({ ...state.filters, since, until }),
  });
  table = new EventTable($("#events-table"), $("#table-count"), {
    prev: $("#page-prev"), next: $("#page-next"), pageEl: $("#table-page"), onError: showError,
  });
  $("#events-table").addEventListener("click", (e) => {
    if (e.target.closest("a, button, input, label, td.tick")) return;
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
  setupMerge();
  onAuth(authChanged);
  authChanged();
  window.addEventListener("hashchange", route);
  route();
}

start();
