// The review panel of the event page: the event's review status, what people changed, the
// actions (confirm, correct, reject, split) for a signed-in reviewer, and the history with undo.
import { h, replace } from "./dom.js";
import { t, formatDate } from "./i18n.js";
import { api } from "./api.js";
import { reviewer } from "./auth.js";
import { actionForm, reasonField, reasonOf } from "./forms.js";
import { correctionForm } from "./correct.js";
import { renderHistory, valueText } from "./history.js";

export const STATUSES = ["machine", "confirmed", "corrected", "rejected"];
const CATEGORIES = ["not_an_event", "duplicate", "out_of_scope"];

/** The status badge (also used by the table and the queue). */
export function statusBadge(e) {
  const s = STATUSES.includes(e.review_status) ? e.review_status : "machine";
  return h("span", { class: `review-badge status-${s}`, "data-status": s }, t(`review.status.${s}`));
}

function byline(e) {
  if (!e.reviewed_by) return null;
  const at = e.reviewed_at ? formatDate(String(e.reviewed_at).slice(0, 10)) : "";
  return h("span", { class: "reviewed-by muted" }, at ? t("review.byAt", { user: e.reviewed_by, at }) : t("review.by", { user: e.reviewed_by }));
}

function overrides(e) {
  const o = (e.review && e.review.overrides) || {};
  const keys = Object.keys(o);
  if (!keys.length) return null;
  return h("ul", { class: "overrides" }, keys.map((k) => h("li", { "data-field": k },
    h("span", { class: "field-name" }, t(`review.field.${k}`)), ": ",
    h("del", { title: t("review.machine") }, valueText(o[k].machine)), " → ",
    h("ins", {}, valueText(o[k].human)),
    o[k].reason ? [" ", h("q", {}, o[k].reason)] : null)));
}

function rejectForm(e, ctx) {
  const body = [
    h("label", { class: "field" }, h("span", {}, t("review.reject.category")),
      h("select", { name: "category", required: true },
        CATEGORIES.map((c) => h("option", { value: c }, t(`review.category.${c}`))))),
    reasonField(),
  ];
  return actionForm({
    name: "reject", title: t("review.reject.title"), body, submit: t("review.reject.submit"), close: ctx.close,
    send: async (f) => ctx.done(await api.reject(e.event_id, f.elements.category.value, reasonOf(f)),
      t("review.done.reject")),
  });
}

function splitForm(e, ctx) {
  const mentions = e.mentions || [];
  const body = [
    h("p", { class: "hint" }, t(mentions.length ? "review.split.hint" : "review.split.unlisted")),
    h("ul", { class: "split-mentions" }, mentions.map((m) => h("li", {},
      h("label", { class: "check" },
        h("input", { type: "checkbox", name: "mention", value: m.mention_id }),
        h("span", {}, h("span", { class: "muted" }, `${m.doc_id} · `), m.text))))),
    reasonField(),
  ];
  return actionForm({
    name: "split", title: t("review.split.title"), body, submit: t("review.split.submit"), close: ctx.close,
    send: async (f) => {
      const ids = [...f.querySelectorAll("input[name=mention]:checked")].map((i) => i.value);
      if (!ids.length) throw new Error(t("review.split.none"));
      const answer = await api.split(e.event_id, ids, reasonOf(f));
      ctx.done(answer, t("review.done.split", { id: answer.new_event ? answer.new_event.event_id : "" }));
    },
  });
}

async function confirmEvent(e, ctx, button) {
  button.disabled = true;
  try {
    ctx.done(await api.confirm(e.event_id), t("review.done.confirm"));
  } catch (err) {
    ctx.fail(err);
    button.disabled = false;
  }
}

function actionButtons(e, slot, ctx) {
  const open = (make) => async () => {
    const made = await make();
    replace(slot, made.form || made);
    if (made.mount) made.mount();
    const first = slot.querySelector("input, select, textarea");
    if (first) first.focus();
    slot.scrollIntoView({ block: "nearest" });
  };
  const formCtx = { ...ctx, close: () => replace(slot) };
  const btn = (name, label, onclick) => h("button", { type: "button", class: "button secondary", "data-review": name, onclick }, label);
  if (e.review_status === "rejected") return h("p", { class: "note warn" }, t("review.rejectedNote"));
  const confirm = btn("confirm", t("review.confirm"), () => confirmEvent(e, ctx, confirm));
  return h("div", { class: "review-actions" },
    confirm,
    btn("correct", t("review.correct"), open(() => correctionForm(e, {
      tileUrl: ctx.tileUrl, config: ctx.config, close: formCtx.close,
      done: (answer) => ctx.done(answer, t("review.done.correct")),
    }))),
    btn("split", t("review.split"), open(() => splitForm(e, formCtx))),
    btn("reject", t("review.reject"), open(() => rejectForm(e, formCtx))));
}

/**
 * The review panel for event e. ctx: {tileUrl, config, done(answer, message), fail(err)}; done
 * is called after the server accepted a write (the page then loads the event again).
 */
export function reviewPanel(e, ctx) {
  const signedIn = Boolean(reviewer());
  const slot = h("div", { class: "form-slot" });
  const history = h("section", { class: "history-wrap", "aria-live": "polite" });
  const newCount = (e.mentions || []).filter((m) => m.new_since_review).length;
  const panel = h("section", { class: "review-panel", "data-status": e.review_status || "machine" },
    h("div", { class: "review-head" }, h("h3", {}, t("review.title")), statusBadge(e), byline(e)),
    e.new_since_review ? h("p", { class: "note new-since" }, t("review.newSince", { n: newCount || "?" })) : null,
    overrides(e),
    signedIn ? actionButtons(e, slot, ctx) : h("p", { class: "muted sign-in-hint" }, t("review.signInHint")),
    slot,
    history);
  renderHistory(history, e.event_id, { signedIn, onUndo: (answer) => ctx.done(answer, t("review.done.undo")) });
  return panel;
}
