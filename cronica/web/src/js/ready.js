// Marks that let a browser time the page honestly (bench/serve_browser.py, the browser tests):
// window.__cronicaReady resolves, with performance.now(), once the map has drawn its first
// clusters and the table its first page; window.__cronicaDraws holds the time of every such
// complete redraw (the first load, then each change of filters), and body[data-drawn] their number.

let resolveReady = null;

/** Create the marks; called once when the page starts. */
export function installReady() {
  window.__cronicaDraws = [];
  window.__cronicaReady = new Promise((resolve) => { resolveReady = resolve; });
}

/** The map and the table have both drawn what the current filters select. */
export function markDrawn() {
  const at = performance.now();
  window.__cronicaDraws.push(at);
  document.body.dataset.drawn = String(window.__cronicaDraws.length);
  if (resolveReady) {
    resolveReady(at);
    resolveReady = null;
  }
}
