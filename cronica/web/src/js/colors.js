// One colour per ACLED event type, shared by the map, the timeline and the table.
export const TYPE_COLORS = {
  Protests: "#2b7bba",
  Riots: "#e08214",
  "Violence against civilians": "#b2182b",
  Battles: "#542788",
  "Explosions/Remote violence": "#8c510a",
  "Strategic developments": "#4d9221",
};
export const OTHER_COLOR = "#777777";

export function typeColor(type) {
  return TYPE_COLORS[type] || OTHER_COLOR;
}
