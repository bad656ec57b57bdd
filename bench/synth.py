"""A synthetic corpus of news reports, generated from templates we wrote.

The scale benchmark and the engine tests need many varied reports without any
outside data: this writes them deterministically (same seed, same bytes) as
JSON-lines shards that ``cronica ingest`` and the Ray backfill read directly.
Reports mix English and Spanish, protests, riots, violence against civilians,
arrests and curfews, at towns across Latin America, Africa and Asia, with
figures stated many ways; about one in six reports tells no event at all.

    .venv/bin/python bench/synth.py --docs 20000 --shard-size 500 --out bench/data/synth
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# (town, region, country name in English, country name in Spanish)
PLACES: list[tuple[str, str, str, str]] = [
    ("Juliaca", "Puno", "Peru", "Perú"),
    ("Ayacucho", "Ayacucho", "Peru", "Perú"),
    ("Andahuaylas", "Apurímac", "Peru", "Perú"),
    ("Arequipa", "Arequipa", "Peru", "Perú"),
    ("Cusco", "Cusco", "Peru", "Perú"),
    ("Trujillo", "La Libertad", "Peru", "Perú"),
    ("Piura", "Piura", "Peru", "Perú"),
    ("Tacna", "Tacna", "Peru", "Perú"),
    ("Huancayo", "Junín", "Peru", "Perú"),
    ("Chiclayo", "Lambayeque", "Peru", "Perú"),
    ("Cajamarca", "Cajamarca", "Peru", "Perú"),
    ("Ilave", "Puno", "Peru", "Perú"),
    ("Cali", "Valle del Cauca", "Colombia", "Colombia"),
    ("Medellín", "Antioquia", "Colombia", "Colombia"),
    ("Quito", "Pichincha", "Ecuador", "Ecuador"),
    ("Guayaquil", "Guayas", "Ecuador", "Ecuador"),
    ("Cochabamba", "Cochabamba", "Bolivia", "Bolivia"),
    ("Santa Cruz", "Santa Cruz", "Bolivia", "Bolivia"),
    ("Valparaíso", "Valparaíso", "Chile", "Chile"),
    ("Rosario", "Santa Fe", "Argentina", "Argentina"),
    ("Tegucigalpa", "Francisco Morazán", "Honduras", "Honduras"),
    ("Guadalajara", "Jalisco", "Mexico", "México"),
    ("Nairobi", "Nairobi", "Kenya", "Kenia"),
    ("Kisumu", "Kisumu", "Kenya", "Kenia"),
    ("Lagos", "Lagos", "Nigeria", "Nigeria"),
    ("Dhaka", "Dhaka", "Bangladesh", "Bangladés"),
    ("Karachi", "Sindh", "Pakistan", "Pakistán"),
    ("Colombo", "Western Province", "Sri Lanka", "Sri Lanka"),
]

EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
ES_MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]
EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ES_DAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
EN_NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    12: "twelve",
}
ES_NUMBER_WORDS = {
    2: "dos",
    3: "tres",
    4: "cuatro",
    5: "cinco",
    6: "seis",
    7: "siete",
    8: "ocho",
    9: "nueve",
    10: "diez",
    12: "doce",
}

EN_GROUPS = [
    "teachers",
    "farmers",
    "miners",
    "students",
    "transport workers",
    "health workers",
    "residents",
    "market vendors",
    "indigenous communities",
    "pensioners",
]
ES_GROUPS = [
    "docentes",
    "agricultores",
    "mineros",
    "estudiantes",
    "transportistas",
    "trabajadores de salud",
    "vecinos",
    "comerciantes",
    "comunidades campesinas",
    "jubilados",
]
EN_DEMANDS = [
    "higher wages",
    "the resignation of the governor",
    "clean water",
    "an end to mining concessions",
    "new elections",
    "lower fuel prices",
    "the release of detained leaders",
    "better roads",
]
ES_DEMANDS = [
    "mejores salarios",
    "la renuncia del gobernador",
    "agua potable",
    "el fin de las concesiones mineras",
    "nuevas elecciones",
    "precios más bajos del combustible",
    "la liberación de dirigentes detenidos",
    "mejores carreteras",
]
EN_OUTLETS = ["The Andean Ledger", "Southern Wire", "Daily Observer", "Regional Courier", "Coastal Times"]
ES_OUTLETS = [
    "Diario del Sur",
    "La Voz Regional",
    "El Observador Andino",
    "Noticias del Altiplano",
    "Crónica Hoy",
]

# Event paragraphs. Fields: {town} {region} {country} {day} {date} {n} {nw} {group} {demand} {crowd}
EN_EVENTS = [
    "Thousands of {group} marched through {town} on {day} demanding {demand}. Organisers said about {crowd} "
    "people took part, and the march ended peacefully in the main square.",
    "Police fired tear gas at {group} who had blocked the main highway outside {town}, in "
    "the {region} region, "
    "on {date}. At least {n} people were injured and {nw} were arrested, officials said.",
    "Security forces opened fire on demonstrators in {town} on {day}, killing at least "
    "{n} people, according to "
    "the regional health office.",
    "Protesters set fire to the police station in {town} on {date} and looted several shops, the interior "
    "ministry said. Officers detained {n} people.",
    "Gunmen shot dead {nw} {group} near {town}, {country}, on {day}, local authorities said.",
    "The government declared a state of emergency in {region} on {date} and imposed a "
    "curfew in {town} after a "
    "week of road blockades.",
    "Riot police clashed with {group} in {town} on {day}; {n} officers and {nw} protesters were hurt in the "
    "clashes.",
    "Police arrested {n} {group} during a sit-in outside the regional government building "
    "in {town} on {date}.",
    "An explosive device went off near a bus terminal in {town} on {day}, killing {nw} "
    "people and wounding {n} "
    "others, police said.",
    "Hundreds of {group} held a peaceful vigil in {town} on {date} to demand {demand}.",
]
ES_EVENTS = [
    "Miles de {group} marcharon por las calles de {town} el {day} para exigir {demand}. Los organizadores "
    "calcularon unas {crowd} personas y la marcha terminó sin incidentes en la plaza de armas.",
    "La policía lanzó gases lacrimógenos contra {group} que bloqueaban la carretera a la "
    "salida de {town}, en la "
    "región {region}, el {date}. Al menos {n} personas resultaron heridas y {nw} fueron detenidas.",
    "Las fuerzas de seguridad dispararon contra los manifestantes en {town} el {day} y "
    "mataron al menos a {n} "
    "personas, según la dirección regional de salud.",
    "Un grupo de manifestantes incendió la comisaría de {town} el {date} y saqueó varios "
    "comercios, informó el "
    "ministerio del Interior. La policía detuvo a {n} personas.",
    "Hombres armados asesinaron a {nw} {group} cerca de {town}, {country}, el {day}, según las autoridades "
    "locales.",
    "El gobierno declaró el estado de emergencia en {region} el {date} e impuso el toque "
    "de queda en {town} tras "
    "una semana de bloqueos de carreteras.",
    "La policía antimotines se enfrentó a {group} en {town} el {day}; {n} agentes y {nw} manifestantes "
    "resultaron heridos.",
    "La policía detuvo a {n} {group} durante un plantón frente a la sede del gobierno regional en {town} el "
    "{date}.",
    "Un artefacto explosivo estalló cerca del terminal de autobuses de {town} el {day} y "
    "mató a {nw} personas; "
    "otras {n} resultaron heridas, informó la policía.",
    "Cientos de {group} realizaron una vigilia pacífica en {town} el {date} para exigir {demand}.",
]
EN_CONTEXT = [
    "The protests began after the regional council approved a new budget in {month}.",
    "Talks between union leaders and the ministry broke down last month.",
    "Residents said shops and schools remained closed for a second day.",
    "The ombudsman's office called on both sides to refrain from violence.",
    "The death toll from weeks of unrest has risen to {toll}, according to the ombudsman.",
]
ES_CONTEXT = [
    "Las protestas empezaron después de que el consejo regional aprobara un nuevo presupuesto en {month}.",
    "El diálogo entre los dirigentes y el ministerio se rompió el mes pasado.",
    "Los vecinos dijeron que los comercios y los colegios seguían cerrados por segundo día.",
    "La Defensoría del Pueblo pidió a ambas partes evitar la violencia.",
    "El número de fallecidos en las semanas de protestas asciende a {toll}, según la Defensoría.",
]
EN_QUIET = [
    "The central bank kept its benchmark rate unchanged on {day}, citing slowing inflation in {country}.",
    "A new football stadium opened in {town} on {date}, with seats for {crowd} spectators.",
    "Heavy rain is expected across {region} this week, the weather service said.",
    "Copper exports rose in the first quarter, the trade ministry said on {day}.",
    "The {town} book fair opens on {date} with authors from {country} and abroad.",
]
ES_QUIET = [
    "El banco central mantuvo su tasa de referencia el {day}, ante la menor inflación en {country}.",
    "Un nuevo estadio de fútbol abrió sus puertas en {town} el {date}, con capacidad para "
    "{crowd} espectadores.",
    "Se esperan lluvias intensas en {region} esta semana, informó el servicio meteorológico.",
    "Las exportaciones de cobre crecieron en el primer trimestre, informó el ministerio el {day}.",
    "La feria del libro de {town} abre el {date} con autores de {country} y del extranjero.",
]


def _fill(rng: random.Random, template: str, lang: str, published: dt.date) -> str:
    town, region, country_en, country_es = rng.choice(PLACES)
    back = rng.randint(0, 3)
    when = published - dt.timedelta(days=back)
    n = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 17, 18, 23, 31, 45])
    nw = rng.choice(sorted(EN_NUMBER_WORDS))
    if lang == "en":
        day = "yesterday" if back == 1 else EN_DAYS[when.weekday()]
        values: dict[str, Any] = {
            "date": f"{EN_MONTHS[when.month - 1]} {when.day}",
            "nw": EN_NUMBER_WORDS[nw],
            "country": country_en,
            "group": rng.choice(EN_GROUPS),
            "demand": rng.choice(EN_DEMANDS),
            "month": EN_MONTHS[(when.month - 2) % 12],
        }
    else:
        day = "ayer" if back == 1 else ES_DAYS[when.weekday()]
        values = {
            "date": f"{when.day} de {ES_MONTHS[when.month - 1]}",
            "nw": ES_NUMBER_WORDS[nw],
            "country": country_es,
            "group": rng.choice(ES_GROUPS),
            "demand": rng.choice(ES_DEMANDS),
            "month": ES_MONTHS[(when.month - 2) % 12],
        }
    values.update(
        town=town,
        region=region,
        day=day,
        n=n,
        crowd=f"{rng.randint(2, 40) * 500:,}",
        toll=rng.randint(20, 70),
    )
    text = template.format(**values)
    return text.replace(" on yesterday", " yesterday").replace(" el ayer", " ayer")


def make_report(index: int, seed: int, start: dt.date = dt.date(2023, 1, 1)) -> dict[str, Any]:
    """Report number ``index`` of the corpus with ``seed`` (independent of every other report)."""
    rng = random.Random(f"{seed}:{index}")
    lang = "es" if rng.random() < 0.45 else "en"
    published = start + dt.timedelta(days=rng.randint(0, 364))
    events, context, quiet = (
        (EN_EVENTS, EN_CONTEXT, EN_QUIET) if lang == "en" else (ES_EVENTS, ES_CONTEXT, ES_QUIET)
    )
    paragraphs: list[str] = []
    if rng.random() < 0.16:  # a report with no event at all
        for template in rng.sample(quiet, rng.randint(1, 3)):
            paragraphs.append(_fill(rng, template, lang, published))
    else:
        for template in rng.sample(events, rng.randint(1, 3)):
            paragraphs.append(_fill(rng, template, lang, published))
        for template in rng.sample(context, rng.randint(0, 2)):
            paragraphs.append(_fill(rng, template, lang, published))
        if rng.random() < 0.3:
            paragraphs.append(_fill(rng, rng.choice(quiet), lang, published))
    outlet = rng.choice(EN_OUTLETS if lang == "en" else ES_OUTLETS)
    title = paragraphs[0].split(". ")[0][:90]
    return {
        "id": f"synth-{seed}-{index:08d}",
        "title": title,
        "text": "\n\n".join(paragraphs),
        "published": published.isoformat(),
        "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{index}",
        "source": outlet,
        "lang": lang,
    }


def reports(n: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield make_report(i, seed)


def write_corpus(out: Path, n: int, shard_size: int = 500, seed: int = 7) -> list[Path]:
    """Write ``n`` reports as JSON-lines shards ``shard-00000.jsonl`` ...; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for first in range(0, n, shard_size):
        path = out / f"shard-{first // shard_size:05d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(first, min(n, first + shard_size)):
                fh.write(json.dumps(make_report(i, seed), ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--shard-size", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("bench/data/synth"))
    args = ap.parse_args()
    paths = write_corpus(args.out, args.docs, args.shard_size, args.seed)
    print(f"{args.docs} reports in {len(paths)} shards under {args.out}")


if __name__ == "__main__":
    main()
