// The correction form: every correctable field of an event (REVIEW-SPEC.md), filled with the
// event's values; only the fields the reviewer changed are sent, with the required reason.
// The place is chosen from the gazetteer by name (/api/places) or as a point on a small map.
import { h, replace } from "./dom.js";
import { t, typeName } from "./i18n.js";
import { api } from "./api.js";
import { actionForm, field, reasonField, reasonOf } from "./forms.js";
import { loadTaxonomy } from "./taxonomy.js";
import { PointPicker } from "./picker.js";

const PRECISIONS = ["day", "week", "month", "year"];
const COUNTS = ["fatalities", "injuries", "arrests", "crowd_size"];
const SEARCH_DELAY_MS = 300;

const input = (attrs) => h("input", attrs);
const emptyToNull = (s) => (s.trim() === "" ? null : s.trim());
const placeText = (p) => [p.name, p.admin1, p.country].filter(Boolean).join(", ");

function subTypeSelect(taxonomy, current) {
  const option = (name) => h("option", { value: name, selected: name === current }, name);
  const groups = taxonomy.eventTypes.map((et) => (et.name
    ? h("optgroup", { label: typeName(et.name) }, et.subEventTypes.map(option))
    : et.subEventTypes.map(option)));
  const known = taxonomy.eventTypes.some((et) => et.subEventTypes.includes(current));
  return h("select", { name: "sub_event_type" }, known ? null : option(current), groups);
}

function actorFields(n, actor, actorTypes) {
  const type = actor ? actor.type : "";
  const types = actorTypes.includes(type) || !type ? actorTypes : [type, ...actorTypes];
  return h("fieldset", { class: "actor" },
    h("legend", {}, t(`event.actor${n}`)),
    field("review.field.actorName", input({ name: `actor${n}_name`, value: actor ? actor.name : "", maxlength: 200 })),
    field("review.field.actorType", h("select", { name: `actor${n}_type` },
      h("option", { value: "" }, "—"),
      types.map((ty) => h("option", { value: ty, selected: ty === type }, ty)))));
}

/** The place chooser: a gazetteer search with its results, and a map that picks a point. */
class PlaceChooser {
  constructor(location, tileUrl) {
    this.location = location;
    this.tileUrl = tileUrl;
    this.choice = null; // {geonames_id} or {lat, lon, name} once the reviewer picks one
    this.shown = h("p", { class: "place-choice" }, location ? placeText(location) : "—");
    this.results = h("ul", { class: "place-results" });
    this.search = input({ type: "search", name: "place_q", placeholder: t("review.place.search"), autocomplete: "off" });
    this.pointName = input({ name: "place_name", placeholder: t("review.place.pointName"), maxlength: 200 });
    this.mapBox = h("div", { class: "picker", "aria-label": t("review.place.map") });
    let typing;
    this.search.addEventListener("input", () => {
      clearTimeout(typing);
      typing = setTimeout(() => this.find(), SEARCH_DELAY_MS);
    });
    this.search.addEventListener("keydown", (e) => {
      if (e.key === "Enter") { e.preventDefault(); this.find(); }
    });
    this.pointName.addEventListener("input", () => {
      if (this.choice && "lat" in this.choice) this.choice.name = this.pointName.value.trim();
    });
  }

  element() {
    return h("fieldset", { class: "place" }, h("legend", {}, t("event.location")), this.shown,
      field("review.place.byName", this.search), this.results,
      h("p", { class: "hint" }, t("review.place.mapHint")), this.mapBox,
      field("review.place.pointNameLabel", this.pointName));
  }

  /** Start the map once the form is on the page (MapLibre needs its container's size). */
  mount() {
    const loc = this.location;
    const center = loc && typeof loc.lat === "number" ? { lat: loc.lat, lon: loc.lon } : null;
    this.picker = new PointPicker(this.mapBox, { tileUrl: this.tileUrl, center, onPick: (p) => this.pick(p) });
  }

  pick(point) {
    const name = this.pointName.value.trim() || (this.location ? this.location.name : "");
    this.pointName.value = name;
    this.choice = { lat: point.lat, lon: point.lon, name };
    this.shown.textContent = t("review.place.point", { lat: point.lat, lon: point.lon });
  }

  async find() {
    const q = this.search.value.trim();
    if (q.length < 2) { replace(this.results); return; }
    try {
      const found = await api.places(q);
      if (this.search.value.trim() !== q) return; // typed on since
      replace(this.results, (found.places || []).length
        ? found.places.map((p) => h("li", {}, h("button", { type: "button", class: "link-button place-option",
          "data-geonames-id": p.geonames_id, onclick: () => this.choose(p) }, placeText(p))))
        : h("li", { class: "muted" }, t("review.place.none")));
    } catch (err) {
      replace(this.results, h("li", { class: "form-error" }, err.message));
    }
  }

  choose(place) {
    // a curated place GeoNames lacks has no id: it is chosen as its point, with its name
    this.choice = place.geonames_id ? { geonames_id: place.geonames_id }
      : { lat: place.lat, lon: place.lon, name: place.name };
    this.shown.textContent = placeText(place);
    replace(this.results);
    if (this.picker && typeof place.lat === "number") this.picker.show({ lat: place.lat, lon: place.lon });
  }

  remove() {
    if (this.picker) this.picker.remove();
  }
}

function actorOf(els, n) {
  const name = els[`actor${n}_name`].value.trim();
  return name ? { name, type: els[`actor${n}_type`].value || null } : null;
}

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields the reviewer changed, in the shape POST /api/events/{id}/correct takes. */
export function changedFields(e, els, place) {
  const now = {
    event_date: emptyToNull(els.event_date.value),
    date_end: emptyToNull(els.date_end.value),
    date_precision: els.date_precision.value,
    sub_event_type: els.sub_event_type.value,
    actor1: actorOf(els, 1),
    actor2: actorOf(els, 2),
    background: els.background.checked,
    tags: els.tags.value.split(",").map((s) => s.trim()).filter(Boolean),
  };
  for (const k of COUNTS) now[k] = els[k].value === "" ? null : Number(els[k].value);
  const fields = {};
  for (const [k, v] of Object.entries(now)) {
    const before = k === "tags" ? e.tags || [] : k === "background" ? Boolean(e[k]) : e[k];
    if (!same(before, v)) fields[k] = v;
  }
  if (place.choice) fields.location = place.choice;
  return fields;
}

function countInput(name, value) {
  return field(`review.field.${name}`, input({ type: "number", name, min: 0, step: 1, value: value ?? "" }), "count");
}

/** The correction form for event e; ``done(answer)`` after the server accepted it. */
export async function correctionForm(e, { tileUrl, config, close, done }) {
  const taxonomy = await loadTaxonomy(config);
  const place = new PlaceChooser(e.location, tileUrl);
  const body = h("div", { class: "form-grid" },
    h("fieldset", { class: "when" }, h("legend", {}, t("event.date")),
      field("review.field.event_date", input({ type: "date", name: "event_date", value: e.event_date || "" })),
      field("review.field.date_end", input({ type: "date", name: "date_end", value: e.date_end || "" })),
      field("review.field.date_precision", h("select", { name: "date_precision" },
        PRECISIONS.map((p) => h("option", { value: p, selected: p === e.date_precision }, t(`review.precision.${p}`)))))),
    h("fieldset", { class: "what" }, h("legend", {}, t("event.type")),
      field("review.field.sub_event_type", subTypeSelect(taxonomy, e.sub_event_type)),
      h("label", { class: "check" }, input({ type: "checkbox", name: "background", checked: Boolean(e.background) }),
        h("span", {}, t("review.field.background"))),
      field("review.field.tags", input({ name: "tags", value: (e.tags || []).join(", "), placeholder: t("review.field.tagsHint") }))),
    h("fieldset", { class: "counts" }, h("legend", {}, t("review.figures")),
      COUNTS.map((k) => countInput(k, e[k]))),
    actorFields(1, e.actor1, taxonomy.actorTypes),
    actorFields(2, e.actor2, taxonomy.actorTypes),
    place.element(),
    reasonField());
  const form = actionForm({
    name: "correct", title: t("review.correct.title"), body, submit: t("review.correct.submit"),
    close: () => { place.remove(); close(); },
    send: async (f) => {
      const fields = changedFields(e, f.elements, place);
      if (!Object.keys(fields).length) throw new Error(t("review.correct.nothing"));
      const answer = await api.correct(e.event_id, fields, reasonOf(f));
      place.remove();
      done(answer);
    },
  });
  return { form, mount: () => place.mount() };
}
