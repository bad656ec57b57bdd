// The review forms' shared parts: a required reason, and a form that sends itself once, shows
// the server's one-line error when the write is refused and stays open to be corrected.
import { h } from "./dom.js";
import { t } from "./i18n.js";

export const REASON_MIN = 3;
export const REASON_MAX = 500;

/** The reason textarea (3..500 characters; optional for a confirmation). */
export function reasonField(required = true) {
  return h("label", { class: "field reason" },
    h("span", {}, t(required ? "review.reason" : "review.reasonOptional")),
    h("textarea", { name: "reason", rows: 2, required, minlength: REASON_MIN, maxlength: REASON_MAX,
      placeholder: t("review.reason.placeholder") }));
}

/** A labelled input: field("review.field.fatalities", h("input", {...})). */
export function field(labelKey, input, cls = null) {
  return h("label", { class: cls ? `field ${cls}` : "field" }, h("span", {}, t(labelKey)), input);
}

/**
 * A form that calls ``send(form)`` on submit (after the browser's own checks) and ``close()`` on
 * Cancel. While ``send`` runs the submit button is disabled; if it throws, its message is shown
 * in the form (role=alert) and the form stays as the reviewer left it.
 */
export function actionForm({ name, title, body, submit, send, close }) {
  const error = h("p", { class: "form-error", role: "alert", hidden: true });
  const button = h("button", { type: "submit", class: "button" }, submit);
  const form = h("form", { class: `review-form form-${name}`, "data-form": name, novalidate: false },
    h("h4", {}, title), body, error,
    h("div", { class: "form-buttons" }, button,
      h("button", { type: "button", class: "button secondary", onclick: close }, t("review.cancel"))));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (!form.reportValidity()) return;
    button.disabled = true;
    error.hidden = true;
    try {
      await send(form);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** The form's reason, trimmed. */
export function reasonOf(form) {
  return form.elements.reason.value.trim();
}
