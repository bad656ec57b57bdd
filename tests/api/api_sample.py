"""A small synthetic database for the API and browser tests (sentences written by us).

Built through the store API only (documents, per-report mentions, tallies, then
fusion), so these tests do not depend on the extraction pipeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cronica.fuse import fuse_mentions
from cronica.model import Actor, Document, Event, Evidence, Figure, Place, Quote, Span, Tally
from cronica.store import open_store

JULIACA = Place("Juliaca", "Peru", "PE", "Puno", "San Román", -15.5, -70.13, 3937513, 1)
LIMA = Place("Lima", "Peru", "PE", "Lima", "Lima", -12.04, -77.03, 3936456, 1)
HUAMANGA = Place("Ayacucho", "Peru", "PE", "Ayacucho", "Huamanga", -13.16, -74.22, 3947019, 1)
CUSCO = Place("Cusco", "Peru", "PE", "Cusco", "Cusco", -13.52, -71.97, 3941584, 1)
LA_PAZ = Place("La Paz", "Bolivia", "BO", "La Paz", "Murillo", -16.5, -68.15, 3911925, 1)

XSS_TITLE = '<script>window.__xss = "title"</script>Report with markup'
XSS_SENTENCE = (
    "Riot police dispersed <img src=x onerror=\"window.__xss = 'img'\"> marchers in Cusco, "
    "see <a href=\"javascript:window.__xss = 'link'\">this link</a>."
)
XSS_TEXT = (
    "<script>window.__xss = 'body'</script> An earlier paragraph that sets the scene. "
    + XSS_SENTENCE
    + " A later paragraph with nothing more to add."
)


@dataclass
class Report:
    doc_id: str
    text: str
    sentence: str
    title: str
    source: str
    published: dt.date
    url: str
    lang: str = "en"
    figure: str | None = None  # the words stating the killed figure, inside ``sentence``


@dataclass
class Sample:
    url: str
    events: dict[str, str] = field(default_factory=dict)  # label -> fused event id
    reports: dict[str, Report] = field(default_factory=dict)


REPORTS = [
    Report(
        "r-juliaca-en",
        "Roads into the city stayed blocked on Sunday. On January 9, police opened fire on demonstrators "
        "at the airport in Juliaca, killing at least 17 people. The ombudsman said on Tuesday that the "
        "total number of deaths in the protests had reached 46.",
        "On January 9, police opened fire on demonstrators at the airport in Juliaca, killing at least "
        "17 people.",
        "Deadliest day of the protests in Juliaca",
        "Andes Wire",
        dt.date(2023, 1, 10),
        "https://news.example.org/juliaca-en",
        figure="at least 17 people",
    ),
    Report(
        "r-juliaca-es",
        "La jornada empezó con bloqueos. La policía disparó contra los manifestantes en Juliaca el 9 de "
        "enero y murieron 18 personas. La Defensoría elevó a 47 el total de fallecidos.",
        "La policía disparó contra los manifestantes en Juliaca el 9 de enero y murieron 18 personas.",
        "Dieciocho muertos en Juliaca",
        "Diario del Sur",
        dt.date(2023, 1, 10),
        "https://diario.example.pe/juliaca",
        lang="es",
        figure="18 personas",
    ),
    Report(
        "r-lima",
        "Thousands marched toward Congress in Lima on January 19. Police fired tear gas at the march "
        "in central Lima and several people were hurt.",
        "Police fired tear gas at the march in central Lima and several people were hurt.",
        "Tear gas in central Lima",
        "Capital Times",
        dt.date(2023, 1, 20),
        "https://capital.example.com/lima",
    ),
    Report(
        "r-ayacucho",
        "Soldiers opened fire on protesters near the Ayacucho airport on December 15, killing 10 people. "
        "A march in 2000 had ended in the same square.",
        "Soldiers opened fire on protesters near the Ayacucho airport on December 15, killing 10 people.",
        "Ten killed in Ayacucho",
        "Andes Wire",
        dt.date(2022, 12, 16),
        "https://news.example.org/ayacucho",
        figure="10 people",
    ),
    Report(
        "r-lapaz",
        "Miners marched peacefully through La Paz on January 12 to demand new contracts.",
        "Miners marched peacefully through La Paz on January 12 to demand new contracts.",
        "Miners march in La Paz",
        "Altiplano Hoy",
        dt.date(2023, 1, 13),
        "https://altiplano.example.bo/mineros",
    ),
    Report(
        "r-xss",
        XSS_TEXT,
        XSS_SENTENCE,
        XSS_TITLE,
        "<b>Untrusted Outlet</b>",
        dt.date(2023, 1, 21),
        "javascript:window.__xss = 'url'",
    ),
]


def _evidence(r: Report) -> Evidence:
    start = r.text.index(r.sentence)
    return Evidence(r.doc_id, start, start + len(r.sentence), r.sentence, r.url, r.source, r.published)


def _figure(r: Report, value: int, qualifier: str = "exact") -> Figure:
    assert r.figure is not None
    start = r.text.index(r.figure)
    return Figure("killed", value, value, None, qualifier, Span(r.doc_id, start, start + len(r.figure)))


def _mention(
    r: Report,
    suffix: str,
    day: dt.date,
    place: Place,
    sub: str,
    etype: str = "Protests",
    killed: int | None = None,
    qualifier: str = "exact",
    actor1: Actor | None = None,
    actor2: Actor | None = None,
    background: bool = False,
    tags: tuple[str, ...] = (),
) -> Event:
    return Event(
        event_id=f"men_{r.doc_id}_{suffix}",
        event_date=day,
        date_end=None,
        date_precision="day" if not background else "year",
        event_type=etype,
        sub_event_type=sub,
        plover="PROTEST" if etype in ("Protests", "Riots") else None,
        actor1=actor1 or Actor("demonstrators", "protesters"),
        actor2=actor2,
        location=place,
        fatalities=killed,
        figures=[_figure(r, killed, qualifier)] if killed is not None and r.figure else [],
        tags=list(tags),
        background=background,
        confidence=0.8,
        evidence=[_evidence(r)],
    )


POLICE = Actor("National Police of Peru", "state_forces")
ARMY = Actor("Peruvian Army", "state_forces")
FORCE = "Excessive force against protesters"


def build_sample(url: str) -> Sample:
    """Six reports: two that disagree on one incident, a background event, and an XSS attempt."""
    by_id = {r.doc_id: r for r in REPORTS}
    mentions: dict[str, list[Event]] = {
        "r-juliaca-en": [
            _mention(
                by_id["r-juliaca-en"], "a", dt.date(2023, 1, 9), JULIACA, FORCE, killed=17,
                qualifier="at_least", actor2=POLICE, tags=("live_ammunition",),
            )
        ],
        "r-juliaca-es": [
            _mention(
                by_id["r-juliaca-es"], "a", dt.date(2023, 1, 9), JULIACA, FORCE, killed=18, actor2=POLICE
            )
        ],
        "r-lima": [
            _mention(
                by_id["r-lima"], "a", dt.date(2023, 1, 19), LIMA, "Protest with intervention",
                actor2=POLICE, tags=("tear_gas", "march"),
            )
        ],
        "r-ayacucho": [
            _mention(
                by_id["r-ayacucho"], "a", dt.date(2022, 12, 15), HUAMANGA, FORCE, killed=10, actor2=ARMY
            ),
            _mention(
                by_id["r-ayacucho"], "b", dt.date(2000, 7, 28), HUAMANGA, "Peaceful protest",
                background=True,
            ),
        ],
        "r-lapaz": [
            _mention(
                by_id["r-lapaz"], "a", dt.date(2023, 1, 12), LA_PAZ, "Peaceful protest",
                actor1=Actor("miners", "protesters"), tags=("march",),
            )
        ],
        "r-xss": [
            _mention(
                by_id["r-xss"], "a", dt.date(2023, 1, 21), CUSCO, "Violent demonstration", etype="Riots",
                actor1=Actor("<i>rioters</i>", "rioters"), actor2=POLICE,
            )
        ],
    }  # fmt: skip
    tallies = {
        "r-juliaca-en": [("killed", 46, "total number of deaths in the protests had reached 46")],
        "r-juliaca-es": [("killed", 47, "elevó a 47 el total de fallecidos")],
    }
    store = open_store(url)
    with store.begin() as conn:
        for r in REPORTS:
            store.add_document(
                Document(r.doc_id, r.text, r.title, r.url, r.source, r.published, r.lang, f"test:{r.doc_id}"),
                conn,
            )
    with store.begin() as conn:
        for r in REPORTS:
            tls = []
            for kind, value, words in tallies.get(r.doc_id, []):
                start = r.text.index(words)
                quote = Quote(r.doc_id, start, start + len(words), words)
                tls.append(Tally(kind, value, "exact", "deaths in the protests", r.published, "PE", quote))
            store.save_results(r.doc_id, mentions[r.doc_id], tls, conn)
    fused = fuse_mentions(store.mentions())
    store.replace_events(fused)
    sample = Sample(url=url, reports={r.doc_id: r for r in REPORTS})
    labels = {
        "men_r-juliaca-en_a": "juliaca",
        "men_r-lima_a": "lima",
        "men_r-ayacucho_a": "ayacucho",
        "men_r-ayacucho_b": "background",
        "men_r-lapaz_a": "lapaz",
        "men_r-xss_a": "xss",
    }
    for event, members in fused:
        for m in members:
            if m in labels:
                sample.events[labels[m]] = event.event_id
    store.engine.dispose()
    return sample
