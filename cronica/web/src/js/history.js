// An event's review history (GET /api/events/{id}/history): every action, oldest first, with
// who, when, what changed and why; a signed-in reviewer can undo an action (a reason is asked).
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./api.js";
import { actionForm, reasonField, reasonOf } from "./forms.js";

/** A field's value as text (a place or an actor by its name; lists joined). */
export function valueText(v) {
  if (v === null || v === undefined || v === "") return "—";
  if (Array.isArray(v)) return v.length ? v.map(valueText).join(", ") : "—";
  if (typeof v === "object") {
    if ("name" in v && v.name) return v.type ? `${v.name} (${v.type})` : String(v.name);
    if ("lat" in v && "lon" in v) return `${v.lat}, ${v.lon}`;
    if ("geonames_id" in v) return `GeoNames ${v.geonames_id}`;
    return JSON.stringify(v);
  }
  return String(v);
}

const eventLink = (id) => h("a", { href: `#/event/${encodeURIComponent(id)}`, class: "event-link" }, id);

function changes(a) {
  const p = a.payload || {};
  const before = a.before || {};
  const after = a.after || {};
  switch (a.action) {
    case "correct":
      return h("ul", { class: "changes" }, Object.keys(p.fields || {}).map((k) => h("li", { "data-field": k },
        h("span", { class: "field-name" }, t(`review.field.${k}`)), ": ",
        h("del", {}, valueText(before[k])), " → ", h("ins", {}, valueText(k in after ? after[k] : p.fields[k])))));
    case "merge":
      return h("p", {}, t("review.history.merged"), " ", (p.event_ids || []).map((id, i) => [i ? ", " : "", eventLink(id)]));
    case "split":
      return h("p", {}, t("review.history.split", { n: (p.mention_ids || []).length }), " ",
        p.new_event_id ? eventLink(p.new_event_id) : null);
    case "reject":
      return h("p", {}, t(`review.category.${p.category}`));
    case "undo":
      return h("p", {}, t("review.history.undoes", { id: p.undoes }));
    default:
      return null;
  }
}

function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso || "") : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** One action, and (signed in, not yet undone) its Undo button. */
function actionItem(a, { signedIn, onUndo }) {
  const item = h("li", { class: `action action-${a.action}`, "data-action-id": a.action_id, "data-action": a.action },
    h("div", { class: "action-head" },
      h("strong", {}, t(`review.action.${a.action}`)), " ",
      h("span", { class: "muted" }, `#${a.action_id} · ${when(a.at)} · ${a.user}`),
      a.undone_by ? h("span", { class: "undone" }, t("review.history.undone", { id: a.undone_by })) : null),
    changes(a),
    a.reason ? h("p", { class: "action-reason" }, h("q", {}, a.reason)) : null);
  if (signedIn && !a.undone_by && a.action !== "undo") {
    const slot = h("div", { class: "undo-slot" });
    const open = h("button", { type: "button", class: "button secondary small undo", onclick: () => {
      open.hidden = true;
      replace(slot, actionForm({
        name: "undo", title: t("review.undo.title", { id: a.action_id }), body: reasonField(),
        submit: t("review.undo.submit"),
        close: () => { replace(slot); open.hidden = false; },
        send: async (f) => onUndo(await api.undo(a.action_id, reasonOf(f))),
      }));
      slot.querySelector("textarea").focus();
    } }, t("review.undo"));
    item.append(open, slot);
  }
  return item;
}

/** Fill ``el`` with the event's history (asked of the server now). */
export async function renderHistory(el, eventId, opts) {
  delete el.dataset.loaded;
  replace(el, h("h3", {}, t("review.history")), h("p", { class: "muted" }, t("status.loading")));
  try {
    const found = await api.history(eventId);
    const actions = found.actions || [];
    replace(el, h("h3", {}, t("review.history")),
      actions.length ? h("ol", { class: "history" }, actions.map((a) => actionItem(a, opts)))
        : h("p", { class: "muted" }, t("review.history.none")));
  } catch (err) {
    replace(el, h("h3", {}, t("review.history")), h("p", { class: "form-error" }, err.message));
  }
  el.dataset.loaded = "true";
}
