// UI language: English or Spanish, remembered in localStorage, defaulting to the browser's.
import en from "../i18n/en.js";
import es from "../i18n/es.js";

const STRINGS = { en, es };
let lang = "en";
const listeners = [];

export function initLanguage() {
  let stored = null;
  try {
    stored = localStorage.getItem("cronica.lang");
  } catch {
    stored = null;
  }
  const browser = (navigator.language || "en").slice(0, 2);
  lang = STRINGS[stored] ? stored : STRINGS[browser] ? browser : "en";
  document.documentElement.lang = lang;
  return lang;
}

export function language() {
  return lang;
}

export function setLanguage(next) {
  if (!STRINGS[next] || next === lang) return;
  lang = next;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem("cronica.lang", lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  for (const fn of listeners) fn(lang);
}

export function onLanguage(fn) {
  listeners.push(fn);
}

/** The string for key in the current language, with {name} placeholders filled. */
export function t(key, values = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, name) => (name in values ? String(values[name]) : `{${name}}`));
}

/** Event type in the current language (ACLED's English name when there is no translation). */
export function typeName(type) {
  const key = `type.${type}`;
  return STRINGS[lang][key] ?? type;
}

/** Fill every [data-i18n] element's text (and [data-i18n-placeholder], [data-i18n-title]). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  }
  for (const el of root.querySelectorAll("[data-i18n-title]")) el.setAttribute("title", t(el.dataset.i18nTitle));
}

/** A date (YYYY-MM-DD) in the current language, without time-zone shifts. */
export function formatDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.toLocaleDateString(lang === "es" ? "es-PE" : "en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** A count with the current language's digit grouping (1,000,000 or 1.000.000). */
export function formatCount(n) {
  const value = Number(n);
  if (!Number.isFinite(value)) return "";
  return value.toLocaleString(lang === "es" ? "es-ES" : "en-GB");
}
