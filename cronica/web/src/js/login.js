// The "Sign in to review" control in the header: asks for the token once per browser session,
// checks it with POST /api/auth/check, shows who is signed in; signing out forgets the token.
import { h, replace } from "./dom.js";
import { t } from "./i18n.js";
import { api } from "./api.js";
import { reviewer, signedIn, signOut } from "./auth.js";

function signInForm(el) {
  const error = h("span", { class: "form-error", role: "alert", hidden: true });
  const tokenInput = h("input", { type: "password", name: "token", id: "token", required: true, autocomplete: "off",
    placeholder: t("login.token"), "aria-label": t("login.token") });
  const form = h("form", { class: "login-form", id: "login-form" }, tokenInput,
    h("button", { type: "submit", class: "button" }, t("login.submit")),
    h("button", { type: "button", class: "link-button", onclick: () => renderLogin(el) }, t("review.cancel")),
    error);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = tokenInput.value.trim();
    if (!value) return;
    try {
      const who = await api.checkToken(value);
      signedIn(value, who.user, who.role);
    } catch (err) {
      error.textContent = err.status === 401 ? t("login.refused") : err.message;
      error.hidden = false;
    }
  });
  return form;
}

/** Draw the control for the current state (signed in or not). */
export function renderLogin(el) {
  const who = reviewer();
  if (who) {
    replace(el, h("span", { class: "who", id: "who" }, t("login.as", { user: who.user, role: who.role })),
      h("button", { type: "button", class: "button secondary", id: "sign-out", onclick: () => signOut() }, t("login.out")));
    return;
  }
  replace(el, h("button", { type: "button", class: "button secondary", id: "sign-in", onclick: () => {
    replace(el, signInForm(el));
    el.querySelector("input").focus();
  } }, t("login.open")));
}
