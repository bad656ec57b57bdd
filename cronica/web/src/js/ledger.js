// The casualty ledger: running totals that reports state, beside the sum of incident figures.
import { h, replace } from "./dom.js";
import { t, formatDate } from "./i18n.js";

function chart(rows) {
  const dated = rows.filter((r) => r.as_of);
  if (dated.length < 1) return null;
  const W = 640, H = 200, L = 44, R = 12, T = 12, B = 26;
  const dates = dated.map((r) => Date.parse(r.as_of));
  const min = Math.min(...dates), max = Math.max(...dates);
  const span = Math.max(1, max - min);
  const top = Math.max(1, ...dated.map((r) => Math.max(r.reported || 0, ...(r.reported_values || []), r.incident_sum)));
  const x = (d) => L + ((Date.parse(d) - min) / span) * (W - L - R) + (max === min ? (W - L - R) / 2 : 0);
  const y = (v) => H - B - (v / top) * (H - T - B);
  const s = (tag, attrs, ...c) => h(`svg:${tag}`, attrs, ...c);
  const line = (key, cls) => {
    const pts = dated.filter((r) => r[key] !== null).map((r) => `${x(r.as_of)},${y(r[key])}`).join(" ");
    return s("polyline", { points: pts, class: cls });
  };
  const dots = (key, cls) => dated.filter((r) => r[key] !== null).map((r) =>
    s("circle", { cx: x(r.as_of), cy: y(r[key]), r: 3.5, class: cls },
      s("title", {}, `${formatDate(r.as_of)}: ${r[key]}`)));
  return s("svg", { viewBox: `0 0 ${W} ${H}`, class: "ledger-chart", role: "img", "aria-label": t("ledger.chart") },
    s("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }),
    s("text", { x: L - 6, y: T + 8, class: "tick end" }, String(top)),
    s("text", { x: L - 6, y: H - B, class: "tick end" }, "0"),
    s("text", { x: L, y: H - 6, class: "tick" }, formatDate(dated[0].as_of)),
    s("text", { x: W - R, y: H - 6, class: "tick end" }, formatDate(dated[dated.length - 1].as_of)),
    line("reported", "reported-line"), line("incident_sum", "incident-line"),
    dots("reported", "reported-dot"), dots("incident_sum", "incident-dot"));
}

export function renderLedger(el, data, kind, onKind) {
  const kinds = ["killed", "injured", "arrested"];
  const rows = data.rows.filter((r) => r.kind === kind);
  const select = h("select", { id: "ledger-kind", onchange: (e) => onKind(e.target.value) },
    kinds.map((k) => h("option", { value: k, selected: k === kind }, t(`kind.${k}`))));
  replace(el,
    h("h2", {}, t("ledger.title")),
    h("p", { class: "intro" }, t("ledger.intro")),
    h("label", { class: "inline" }, t("ledger.kind"), " ", select),
    rows.length ? [
      h("div", { class: "ledger-legend" },
        h("span", { class: "key reported" }, t("ledger.reported")),
        h("span", { class: "key incident" }, t("ledger.incidentSum"))),
      chart(rows),
      h("table", { class: "ledger" },
        h("thead", {}, h("tr", {}, ["ledger.asOf", "ledger.reported", "ledger.incidentSum", "ledger.incidents", "ledger.gap", "ledger.sources"]
          .map((k) => h("th", { scope: "col" }, t(k))))),
        h("tbody", {}, rows.map((r) => h("tr", {},
          h("td", {}, r.as_of ? formatDate(r.as_of) : "?"),
          h("td", { class: "num" }, r.reported === null ? "?" : String(r.reported),
            r.reported_values.length > 1 ? h("small", {}, ` (${r.reported_values.join("–")}: ${t("ledger.reportsDiffer")})`) : null),
          h("td", { class: "num" }, String(r.incident_sum)),
          h("td", { class: "num" }, String(r.incidents)),
          h("td", { class: "num" }, r.gap === null ? "" : (r.gap > 0 ? `+${r.gap}` : String(r.gap))),
          h("td", {}, h("ul", { class: "tally-sources" }, r.tallies.map((tl) =>
            h("li", {}, h("q", {}, tl.evidence.text), h("small", {}, ` ${tl.evidence.doc_id}`)))))))))]
      : h("p", { class: "muted" }, t("ledger.empty")));
}
