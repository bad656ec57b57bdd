// The event page: what happened, every figure with its source, disputed figures side by side,
// and each report with the evidence sentence highlighted in its context.
import { h, replace, externalLink } from "./dom.js";
import { t, typeName, formatDate } from "./i18n.js";
import { slug } from "./map.js";

const KIND_FIELD = { killed: "fatalities", injured: "injuries", arrested: "arrests", crowd: "crowd_size" };

function dl(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
}

function figureText(f) {
  if (f.value === null || f.value === undefined) return t("qualifier.unknown");
  const q = f.qualifier && f.qualifier !== "exact" ? `${t(`qualifier.${f.qualifier}`)} ` : "";
  const range = f.high !== null && f.high !== undefined && f.high !== f.value ? `–${f.high}` : "";
  return `${q}${f.value}${range}`;
}

function sourceLine(x) {
  return [x.source || t("event.report.unknownSource"), x.published ? formatDate(x.published) : t("event.report.undated")]
    .join(" · ");
}

/** The evidence (doc_id:start) that joined the event after a person reviewed it. */
function newSinceReview(e) {
  return new Set((e.mentions || []).filter((m) => m.new_since_review).map((m) => `${m.doc_id}:${m.start}`));
}

function reportCard(r, index, isNew) {
  const ctx = r.context || { before: "", match: r.text, after: "" };
  return h("article", { class: isNew ? "report new-since" : "report", id: `report-${index}`, "data-doc-id": r.doc_id },
    h("header", {},
      isNew ? h("span", { class: "new-mark" }, t("review.newMark")) : null,
      h("h3", { class: "report-title" }, r.title || t("event.report.untitled")),
      h("div", { class: "report-meta" },
        h("span", { class: "outlet" }, r.source || t("event.report.unknownSource")), " · ",
        h("span", {}, r.published ? formatDate(r.published) : t("event.report.undated")), " · ",
        r.url ? externalLink(r.url, t("event.report.open")) : h("span", { class: "muted" }, t("event.report.noLink")))),
    h("blockquote", { class: "context", lang: r.lang || null },
      ctx.truncated_before ? "… " : "", ctx.before,
      h("mark", { class: "evidence" }, ctx.match),
      ctx.after, ctx.truncated_after ? " …" : ""));
}

function figuresTable(figures) {
  return h("table", { class: "figures" },
    h("thead", {}, h("tr", {}, ["event.figure.kind", "event.figure.value", "event.figure.source", "event.figure.quote"]
      .map((k) => h("th", { scope: "col" }, t(k))))),
    h("tbody", {}, figures.map((f) => h("tr", {},
      h("td", {}, t(`kind.${f.kind}`)),
      h("td", { class: "num" }, figureText(f)),
      h("td", {}, f.url ? externalLink(f.url, sourceLine(f)) : sourceLine(f)),
      h("td", {}, h("q", {}, f.quote || "")))))
  );
}

function disputedBlock(group) {
  return h("div", { class: "disputed" },
    h("h4", {}, t(`kind.${group.kind}`)),
    h("div", { class: "side-by-side" }, group.figures.map((f) => h("div", { class: "claim" },
      h("div", { class: "claim-value" }, figureText(f)),
      h("div", { class: "claim-source" }, sourceLine(f)),
      h("q", {}, f.quote || "")))));
}

/** The event page; ``panel`` (the review panel, review.js) goes under the title. */
export function renderEvent(el, e, panel = null) {
  const loc = e.location;
  const disputed = (e.figures_by_kind || []).filter((g) => g.disputed);
  const amounts = Object.entries(KIND_FIELD).map(([kind, field]) => {
    const v = e[field];
    if (v === null || v === undefined) return [t(`event.${kind}`), null];
    const isDisputed = disputed.some((g) => g.kind === kind);
    return [t(`event.${kind}`), [String(v), isDisputed ? h("span", { class: "badge" }, ` ${t("table.disputed")}`) : null]];
  });
  const place = loc ? [loc.name, loc.admin2, loc.admin1, loc.country].filter(Boolean).join(", ") : null;
  const fresh = newSinceReview(e);
  replace(el,
    h("a", { href: "#/", class: "back" }, `← ${t("event.back")}`),
    h("h2", { class: "event-title" },
      h("span", { class: `swatch type-${slug(e.event_type)}` }), e.sub_event_type,
      loc ? ` — ${loc.name}` : "", e.event_date ? `, ${formatDate(e.event_date)}` : ""),
    panel,
    e.background ? h("p", { class: "note" }, t("event.background")) : null,
    disputed.length ? h("p", { class: "note warn" }, t("event.disputedNote")) : null,
    h("div", { class: "event-grid" },
      h("section", { class: "summary" },
        h("h3", {}, t("event.summary")),
        dl([
          [t("event.type"), `${typeName(e.event_type)} / ${e.sub_event_type}${e.plover ? ` (PLOVER ${e.plover})` : ""}`],
          [t("event.date"), e.event_date ? `${formatDate(e.event_date)}${e.date_end ? ` – ${formatDate(e.date_end)}` : ""} (${t("event.precision", { p: e.date_precision })})` : "?"],
          [t("event.location"), place && `${place} (${t("event.geoPrecision", { p: loc.geo_precision })})`],
          [t("event.actor1"), e.actor1 && `${e.actor1.name} (${e.actor1.type})`],
          [t("event.actor2"), e.actor2 && `${e.actor2.name} (${e.actor2.type})`],
          ...amounts,
          [t("event.tags"), (e.tags || []).join(", ")],
          [t("event.confidence"), typeof e.confidence === "number" ? e.confidence.toFixed(2) : null],
        ])),
      h("section", { class: "figures-wrap" },
        h("h3", {}, t("event.figures")),
        (e.figure_sources || []).length ? figuresTable(e.figure_sources) : h("p", { class: "muted" }, "—"),
        disputed.length ? [h("h3", {}, t("event.disputed")), disputed.map(disputedBlock)] : null)),
    h("section", { class: "reports" },
      h("h3", {}, t("event.reports", { n: (e.reports || []).length })),
      (e.reports || []).map((r, i) => reportCard(r, i, fresh.has(`${r.doc_id}:${r.start}`)))));
}

export function renderMissing(el, id, error) {
  replace(el,
    h("a", { href: "#/", class: "back" }, `← ${t("event.back")}`),
    h("h2", {}, error && error.status === 404 ? t("event.notFound") : t("status.error", { error: String(error) })),
    h("p", { class: "muted" }, id));
}
