// DOM helpers. Report text is untrusted: every string goes in through textContent or
// setAttribute, never parsed as HTML; links are only http(s).

/** Create an element: h("a", {href: url, class: "x"}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = tag.startsWith("svg:")
    ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(el.dataset, value);
    } else if (key === "href") {
      const safe = safeHref(value);
      if (safe) el.setAttribute("href", safe);
    } else {
      el.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(el, children);
  return el;
}

/** Append children: strings become text nodes, null/false are skipped, arrays are flattened. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Empty an element and fill it again. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** In-page links (#/...) and absolute http(s) URLs; anything else (javascript:, data:) is dropped. */
export function safeHref(value) {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (v.startsWith("#")) return v;
  try {
    const url = new URL(v);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** An external link that opens in a new tab without giving it this page, or plain text. */
export function externalLink(url, text) {
  const href = safeHref(url);
  if (!href || href.startsWith("#")) return document.createTextNode(text);
  return h("a", { href, target: "_blank", rel: "noopener noreferrer nofollow" }, text);
}
