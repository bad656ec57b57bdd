// The review queue (GET /api/review/queue): the events that most need a person first, each with
// the reasons it is there; each opens its event page.
import { h, replace } from "./dom.js";
import { t, typeName, formatDate } from "./i18n.js";
import { statusBadge } from "./review.js";

// the server's reasons (REVIEW-SPEC.md), shown in the page's language
const REASONS = {
  "low confidence": "queue.reason.lowConfidence",
  "disputed figures": "queue.reason.disputed",
  "many deaths": "queue.reason.manyDeaths",
  "new evidence since review": "queue.reason.newEvidence",
};

const reasonText = (r) => (REASONS[r] ? t(REASONS[r]) : r);

function item(it) {
  const e = it.event || {};
  const loc = e.location ? [e.location.name, e.location.admin1].filter(Boolean).join(", ") : "";
  return h("li", { class: "queue-item", "data-event-id": e.event_id },
    h("a", { href: `#/event/${encodeURIComponent(e.event_id)}`, class: "queue-link" },
      h("strong", {}, e.sub_event_type || typeName(e.event_type)),
      loc ? ` — ${loc}` : "", e.event_date ? `, ${formatDate(e.event_date)}` : ""),
    " ", statusBadge(e),
    e.fatalities ? h("span", { class: "queue-killed" }, ` ${t("table.killed")}: ${e.fatalities}`) : null,
    h("ul", { class: "queue-reasons" }, (it.reasons || []).map((r) => h("li", { "data-reason": r }, reasonText(r)))),
    h("span", { class: "queue-score muted" }, t("queue.score", { score: Number(it.score || 0).toFixed(2) })));
}

export function renderQueue(el, found) {
  const items = found.items || [];
  replace(el,
    h("h2", {}, t("queue.title")),
    h("p", { class: "intro" }, t("queue.intro")),
    items.length ? h("ol", { class: "queue" }, items.map(item)) : h("p", { class: "muted" }, t("queue.empty")));
}
