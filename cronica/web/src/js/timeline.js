// The timeline: events per day or per week (stacked by type, above the axis) and people killed
// (below it), counted by the server. Dragging across it chooses a period, which filters the map
// and the table.
import { h, replace } from "./dom.js";
import { t, typeName, formatDate } from "./i18n.js";
import { typeColor } from "./colors.js";

const HEIGHT = 150;
const PAD = { left: 34, right: 10, top: 8, bottom: 20 };
export const WEEKLY_AFTER_DAYS = 180; // a longer period is drawn by week

const DAY_MS = 86_400_000;
const utc = (iso) => Date.parse(`${iso}T00:00:00Z`);

/** "week" when the dates first..last (ISO) span more than WEEKLY_AFTER_DAYS days, else "day". */
export function chooseBucket(first, last) {
  if (!first || !last) return "day";
  return (utc(last) - utc(first)) / DAY_MS > WEEKLY_AFTER_DAYS ? "week" : "day";
}

/** The last day (ISO) of the bucket that starts on iso. */
export function bucketEnd(iso, bucket) {
  if (bucket !== "week") return iso;
  return new Date(utc(iso) + 6 * DAY_MS).toISOString().slice(0, 10);
}

/** Index of the bucket holding the day iso: the last that starts on or before it (0 if none). */
export function bucketIndex(days, iso) {
  let found = 0;
  for (let i = 0; i < days.length && days[i].date <= iso; i++) found = i;
  return found;
}

function svg(tag, attrs = {}, ...children) {
  return h(`svg:${tag}`, attrs, ...children);
}

export class Timeline {
  constructor(container, { onRange }) {
    this.el = container;
    this.onRange = onRange;
    this.data = null;
    this.range = null; // [since, until] ISO dates
    this.bucket = "day";
    new ResizeObserver(() => this.render()).observe(container);
  }

  /** Draw the counts of /api/timeline (per bucket: "day" or "week") with the period chosen. */
  set(data, range, bucket = "day") {
    this.data = data;
    this.range = range;
    this.bucket = bucket;
    this.render();
  }

  /** The text of a bucket's tooltip: its day, or the week it starts. */
  when(iso) {
    return this.bucket === "week" ? t("timeline.weekOf", { date: formatDate(iso) }) : formatDate(iso);
  }

  render() {
    const days = this.data ? this.data.days : [];
    if (!days.length) {
      replace(this.el, h("p", { class: "empty" }, t("timeline.empty")));
      return;
    }
    const width = Math.max(300, this.el.clientWidth || 600);
    const plotW = width - PAD.left - PAD.right;
    const mid = PAD.top + (HEIGHT - PAD.top - PAD.bottom) * 0.62;
    const upH = mid - PAD.top;
    const downH = HEIGHT - PAD.bottom - mid - 2;
    const maxEvents = Math.max(1, ...days.map((d) => d.events));
    const maxKilled = Math.max(1, ...days.map((d) => d.fatalities));
    const step = plotW / days.length;
    const barW = Math.max(1, step * 0.8);
    const root = svg("svg", {
      width, height: HEIGHT, class: "timeline-svg", role: "img",
      "aria-label": this.bucket === "week" ? `${t("timeline.events.week")}; ${t("timeline.fatalities.week")}`
        : `${t("timeline.events")}; ${t("timeline.fatalities")}`,
      "data-bucket": this.bucket,
    });
    const types = this.data.types;
    const bars = svg("g", { class: "bars" });
    days.forEach((d, i) => {
      const x = PAD.left + i * step + (step - barW) / 2;
      let y = mid;
      for (const type of types) {
        const n = (d.by_type[type] || {}).events || 0;
        if (!n) continue;
        const hgt = (n / maxEvents) * upH;
        y -= hgt;
        bars.append(svg("rect", { x, y, width: barW, height: hgt, fill: typeColor(type), class: "bar-events" },
          svg("title", {}, `${this.when(d.date)}: ${n} · ${typeName(type)}`)));
      }
      if (d.fatalities) {
        const hgt = (d.fatalities / maxKilled) * downH;
        bars.append(svg("rect", { x, y: mid + 2, width: barW, height: hgt, class: "bar-killed" },
          svg("title", {}, `${this.when(d.date)}: ${d.fatalities} ${t("kind.killed")}`)));
      }
    });
    root.append(bars);
    root.append(svg("line", { x1: PAD.left, x2: width - PAD.right, y1: mid + 1, y2: mid + 1, class: "axis" }));
    root.append(svg("text", { x: PAD.left - 4, y: PAD.top + 8, class: "tick end" }, String(maxEvents)));
    root.append(svg("text", { x: PAD.left - 4, y: HEIGHT - PAD.bottom, class: "tick end killed" }, String(maxKilled)));
    const ticks = Math.min(days.length, Math.max(2, Math.floor(plotW / 110)));
    for (let k = 0; k < ticks; k++) {
      const i = Math.round((k * (days.length - 1)) / Math.max(1, ticks - 1));
      const anchor = k === 0 ? "start" : k === ticks - 1 ? "end" : "middle";
      const tx = anchor === "start" ? PAD.left : anchor === "end" ? width - PAD.right : PAD.left + i * step + step / 2;
      root.append(svg("text", { x: tx, y: HEIGHT - 4, class: `tick ${anchor}` },
        formatDate(days[i].date)));
    }
    // the chosen period
    const sel = svg("rect", { class: "selection", y: PAD.top, height: HEIGHT - PAD.top - PAD.bottom, x: 0, width: 0 });
    root.append(sel);
    const draw = (a, b) => {
      const [i, j] = a <= b ? [a, b] : [b, a];
      sel.setAttribute("x", PAD.left + i * step);
      sel.setAttribute("width", Math.max(2, (j - i + 1) * step));
      sel.classList.add("visible");
    };
    if (this.range) {
      draw(this.range[0] ? bucketIndex(days, this.range[0]) : 0,
        this.range[1] ? bucketIndex(days, this.range[1]) : days.length - 1);
    }
    // brushing
    const hit = svg("rect", { class: "hit", x: PAD.left, y: 0, width: plotW, height: HEIGHT });
    root.append(hit);
    const dayAt = (evt) => {
      const box = root.getBoundingClientRect();
      const i = Math.floor((evt.clientX - box.left - PAD.left) / step);
      return Math.max(0, Math.min(days.length - 1, i));
    };
    let start = null;
    hit.addEventListener("pointerdown", (evt) => {
      start = dayAt(evt);
      hit.setPointerCapture(evt.pointerId);
      draw(start, start);
    });
    hit.addEventListener("pointermove", (evt) => {
      if (start !== null) draw(start, dayAt(evt));
    });
    hit.addEventListener("pointerup", (evt) => {
      if (start === null) return;
      const end = dayAt(evt);
      const [i, j] = start <= end ? [start, end] : [end, start];
      start = null;
      this.onRange(days[i].date, bucketEnd(days[j].date, this.bucket));
    });
    replace(this.el, root);
  }
}
