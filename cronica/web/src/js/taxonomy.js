// The coding scheme the correction form offers: sub-event types (grouped by event type) and actor
// types, as the server gives them. /api/config's "taxonomy" is read when the server sends it
// ({event_types: [{name, sub_event_types: [names]}], actor_types: [names]}); otherwise the
// sub-event types come from the server's OpenAPI schema (the sub_type filter lists them) and the
// actor types from those the data holds (/api/aggregates/actor-type).
import { api } from "./api.js";

let loading = null;

const names = (list) => (list || []).map((x) => (typeof x === "string" ? x : x && x.name)).filter(Boolean);

/** {eventTypes: [{name, subEventTypes: [names]}], actorTypes: [names]} from /api/config's taxonomy. */
export function fromConfig(taxonomy) {
  if (!taxonomy || !Array.isArray(taxonomy.event_types)) return null;
  return {
    eventTypes: taxonomy.event_types.map((et) => ({ name: et.name, subEventTypes: names(et.sub_event_types) })),
    actorTypes: names(taxonomy.actor_types),
  };
}

function subTypesFromSchema(schema) {
  const params = Object.values((schema && schema.paths) || {}).flatMap((p) => (p.get && p.get.parameters) || []);
  const sub = params.find((p) => p.name === "sub_type");
  const values = sub && sub.schema ? sub.schema.enum || (sub.schema.anyOf || []).flatMap((s) => s.enum || []) : [];
  return [{ name: null, subEventTypes: values }];
}

async function fallback() {
  const [schema, actors] = await Promise.all([api.openapi().catch(() => null), api.actorTypes().catch(() => null)]);
  const present = actors ? [...(actors.actor1 || []), ...(actors.actor2 || [])].map((r) => r.actor1_type || r.actor2_type) : [];
  return { eventTypes: subTypesFromSchema(schema), actorTypes: [...new Set(present.filter(Boolean))].sort() };
}

/** The taxonomy, asked for once per page. */
export function loadTaxonomy(config) {
  if (!loading) {
    const given = fromConfig(config && config.taxonomy);
    loading = given ? Promise.resolve(given) : fallback();
  }
  return loading;
}
