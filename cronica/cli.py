"""The ``cronica`` command: one small function per command, calling the library.

Exit codes: 0 ok, 1 some inputs failed (reported, the rest stored), 2 usage or
configuration error. Errors are one line naming the input and the reason; ``-v``
adds the traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from cronica import __version__
from cronica.config import Settings, load_settings
from cronica.errors import ConfigError, CronicaError, ExtractionLimitError, StoreError
from cronica.review.cli import review
from cronica.review.errors import ReviewError

FORMATS_EVENTS = ("table", "jsonl", "csv", "geojson")
EXPORT_FORMATS = ("acled-csv", "geojson", "parquet", "plover-jsonl", "jsonl", "csv")
DATASETS = (
    "case2021-task2",
    "indiapoliceevents",
    "mass-mobilization",
    "lgl",
    "geowebnews",
    "event-location",
    "acep-lc720",
    "plover-gsr",
)


@dataclass
class Ctx:
    config: str | None
    db: str | None
    verbose: bool
    quiet: bool

    def settings(self, **overrides: Any) -> Settings:
        return load_settings(self.config, overrides={"db": self.db, **overrides})

    def store(self, **overrides: Any) -> Any:
        from cronica.store import open_store

        return open_store(self.settings(**overrides).db)


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _bbox(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[float, ...] | None:
    if value is None:
        return None
    try:
        parts = tuple(float(p) for p in value.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 4:
        raise click.BadParameter("expected min_lon,min_lat,max_lon,max_lat")
    return parts


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cronica")
@click.option("--db", help="Database URL (default sqlite:///cronica.db; postgresql://... for a server).")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Settings file (TOML).")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks and more detail.")
@click.option("-q", "--quiet", is_flag=True, help="No progress output.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: str | None, verbose: bool, quiet: bool) -> None:
    """cronica: news reports in, auditable protest and political-violence event data out."""
    ctx.obj = Ctx(config=config, db=db, verbose=verbose, quiet=quiet)


# -- reading without a database ------------------------------------------------
def _documents(obj: Ctx, paths: Sequence[str], published: dt.date | None, lang: str) -> Iterable[Any]:
    from dataclasses import replace

    from cronica.model import Document
    from cronica.sources import read_sources, read_stdin
    from cronica.sources.common import InputLimits

    items = read_sources(paths, limits=InputLimits.of(obj.settings())) if paths else read_stdin()
    for item in items:
        if isinstance(item, Document):
            if published and item.published is None:
                item = replace(item, published=published)
            if lang != "auto":
                item = replace(item, lang=lang)
        yield item


@cli.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--published", callback=_date, help="Publication date for documents that have none (YYYY-MM-DD)."
)
@click.option("--lang", type=click.Choice(["auto", "en", "es"]), default="auto", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option(
    "--sentence-model",
    is_flag=True,
    help="Run the trained sentence model beside the rules (the sentence_model setting; off by default).",
)
@click.pass_obj
def extract(
    obj: Ctx, paths: tuple[str, ...], published: dt.date | None, lang: str, fmt: str, sentence_model: bool
) -> None:
    """Print the events and tallies of reports (files, or JSON lines on stdin); no database."""
    from cronica.extract.document import extract_document, warm_up
    from cronica.extract.limits import Limits
    from cronica.model import Document

    settings = obj.settings()
    limits = Limits.from_settings(settings)
    failed = 0
    warmed = False
    events_out: list[Any] = []
    tallies_out: list[Any] = []
    for item in _documents(obj, paths, published, lang):
        if not isinstance(item, Document):
            _echo_err(f"{item.origin}: {item.reason}")
            failed += 1
            continue
        if not warmed and limits.timeout_s > 0:
            warm_up()  # loading the models is not the first report's extraction time
            warmed = True
        try:
            result = extract_document(
                item, sentence_model=sentence_model, limits=limits, geo_ranker=settings.geo_ranker
            )
        except ExtractionLimitError as exc:  # a limit hit: its message is the reason
            _echo_err(f"{item.origin or item.doc_id}: {exc}")
            failed += 1
            continue
        except Exception as exc:
            if obj.verbose:
                traceback.print_exc()
            why = (str(exc).strip().splitlines() or [""])[0][:200]
            _echo_err(f"{item.origin or item.doc_id}: extraction failed: {exc.__class__.__name__}: {why}")
            failed += 1
            continue
        if fmt == "jsonl":
            records: list[Any] = [*result.events, *result.tallies]
            for rec in records:
                click.echo(json.dumps(rec.to_dict(), ensure_ascii=False))
        else:
            events_out.extend(result.events)
            tallies_out.extend(result.tallies)
    if fmt == "table":
        _print_table(events_out)
        _print_tallies(tallies_out)
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--lang", type=click.Choice(["auto", "en", "es"]), default="auto", show_default=True)
@click.pass_obj
def geoparse(obj: Ctx, paths: tuple[str, ...], lang: str) -> None:
    """Print every place name found in reports, resolved; no database."""
    from cronica.geo import geoparse as run_geoparse
    from cronica.model import Document
    from cronica.nlp.language import detect_language

    settings = obj.settings()
    failed = 0
    for item in _documents(obj, paths, None, lang):
        if not isinstance(item, Document):
            _echo_err(f"{item.origin}: {item.reason}")
            failed += 1
            continue
        if item.lang is None:
            from dataclasses import replace

            item = replace(item, lang=detect_language(item.text))
        for place in run_geoparse(item, ranker=settings.geo_ranker):
            click.echo(json.dumps(place.to_dict(), ensure_ascii=False))
    if failed:
        sys.exit(1)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.option("--sentence-model", is_flag=True, help="The pipeline with the trained sentence model's stage.")
def stages(fmt: str, sentence_model: bool) -> None:
    """Print the pipeline's stages in the order they run: name, requires, assigns."""
    from cronica.pipeline.default import default_pipeline

    pipeline = default_pipeline(sentence_model=sentence_model)
    pipeline.validate()
    if fmt == "jsonl":
        for s in pipeline:
            row = {"name": s.name, "requires": list(s.requires), "assigns": list(s.assigns)}
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(pipeline)} stages")
    for col in ("#", "name", "requires", "assigns", "what it does"):
        table.add_column(col, overflow="fold")
    for i, s in enumerate(pipeline, 1):
        table.add_row(str(i), s.name, ", ".join(s.requires), ", ".join(s.assigns), s.summary)
    Console(width=160).print(table)


# -- the database ---------------------------------------------------------------
def _report_failures(failures: Sequence[tuple[str, str]], what: str) -> None:
    if not failures:
        return
    _echo_err(f"{len(failures)} {what} failed:")
    for origin, reason in failures[:50]:
        _echo_err(f"  {origin}: {reason}")
    if len(failures) > 50:
        _echo_err(f"  ... and {len(failures) - 50} more (see `cronica runs`)")


def _do_ingest(obj: Ctx, sources: Sequence[str], published: dt.date | None) -> int:
    from cronica.run.runner import ingest as run_ingest

    settings = obj.settings()
    store = obj.store()
    run_id, counts = run_ingest(store, sources, settings, published=published, quiet=obj.quiet)
    click.echo(
        f"ingest {run_id}: {counts.new} new, {counts.updated} updated, {counts.duplicate} already stored, "
        f"{counts.failed} failed"
    )
    _report_failures(counts.failures, "inputs")
    return 1 if counts.failed else 0


def _do_process(obj: Ctx, engine: str | None, workers: int | None, reprocess: bool) -> int:
    from cronica.run.runner import process as run_process

    settings = obj.settings(engine=engine, workers=workers)
    store = obj.store()
    run_id, counts = run_process(store, settings, quiet=obj.quiet, reprocess=reprocess)
    click.echo(
        f"process {run_id}: {counts.documents} documents, {counts.mentions} event mentions, "
        f"{counts.tallies} tallies, {counts.failed} failed; {counts.events} events after fusion"
        + (f" ({background} told as history)" if (background := store.count_background()) else "")
    )
    _report_failures(counts.failures, "documents")
    return 1 if counts.failed else 0


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date for every document (YYYY-MM-DD).")
@click.pass_obj
def ingest(obj: Ctx, sources: tuple[str, ...], published: dt.date | None) -> None:
    """Store documents from paths, globs, folders, RSS/Atom feeds, WARC files and URLs."""
    sys.exit(_do_ingest(obj, sources, published))


ENGINE_OPTION = click.option("--engine", type=click.Choice(["serial", "pool", "ray"]), help="Where to run.")
WORKERS_OPTION = click.option("--workers", type=click.IntRange(1, 512), help="Worker processes (pool, ray).")


@cli.command()
@ENGINE_OPTION
@WORKERS_OPTION
@click.option("--reprocess", is_flag=True, help="Extract again from every stored document.")
@click.option(
    "--resume", "resume", metavar="RUN_ID", help="Finish an interrupted run (same as running again)."
)
@click.pass_obj
def process(obj: Ctx, engine: str | None, workers: int | None, reprocess: bool, resume: str | None) -> None:
    """Extract, geocode and fuse what is pending.

    A run killed at any point is finished by running the command again: documents
    whose shard was stored are not redone, the rest are, and the countries whose
    events were not yet re-fused are fused then.
    """
    if resume:
        from cronica.run.manifest import mark_resumed

        mark_resumed(obj.store(), resume)
    sys.exit(_do_process(obj, engine, workers, reprocess))


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--published", callback=_date, help="Publication date for every document (YYYY-MM-DD).")
@ENGINE_OPTION
@WORKERS_OPTION
@click.pass_obj
def run(
    obj: Ctx, sources: tuple[str, ...], published: dt.date | None, engine: str | None, workers: int | None
) -> None:
    """Ingest, then process."""
    code = _do_ingest(obj, sources, published)
    code = max(code, _do_process(obj, engine, workers, False))
    sys.exit(code)


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--every",
    metavar="DURATION",
    help="Time between cycles, e.g. 30s, 15m, 1h (default: the watch_every setting, 15m).",
)
@click.option("--once", is_flag=True, help="One cycle, then exit (for cron and tests).")
@ENGINE_OPTION
@WORKERS_OPTION
@click.pass_obj
def watch(
    obj: Ctx,
    sources: tuple[str, ...],
    every: str | None,
    once: bool,
    engine: str | None,
    workers: int | None,
) -> None:
    """Keep the database current: poll feeds, URLs, URL lists and folders, store and process what is new.

    Runs a cycle every --every until SIGTERM or Ctrl-C, which end it cleanly (exit 0).
    Its state is in the database, so a restarted watch takes up where it stopped.
    """
    from cronica.watch.cycle import Pace
    from cronica.watch.duration import parse_duration
    from cronica.watch.loop import Stopper, stop_on_signals
    from cronica.watch.loop import watch as run_watch

    try:
        interval = parse_duration(every) if every is not None else None
    except ConfigError as exc:  # a one-line reason, as for a bad setting
        raise ConfigError(f"--every: {exc}") from None
    settings = obj.settings(engine=engine, workers=workers)
    pace = Pace(interval or parse_duration(settings.watch_every), parse_duration(settings.watch_max_backoff))
    store = obj.store()
    stopper = Stopper()
    with stop_on_signals(stopper):
        report = run_watch(
            store,
            list(dict.fromkeys(sources)),
            settings,
            pace,
            once=once,
            log=click.echo,
            warn=_echo_err,
            stopper=stopper,
        )
    sys.exit(1 if once and report.failed else 0)


def _filters(f: Any) -> Any:
    f = click.option("--since", callback=_date, help="Events on or after this date.")(f)
    f = click.option("--until", callback=_date, help="Events on or before this date.")(f)
    f = click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. PE.")(f)
    f = click.option("--admin1", help="First-level region, e.g. Puno.")(f)
    f = click.option("--type", "event_type", help='ACLED event type, e.g. "Protests".')(f)
    f = click.option("--sub-type", "sub_event_type", help='ACLED sub-event type, e.g. "Peaceful protest".')(f)
    f = click.option("--actor", help="Actor name contains this.")(f)
    f = click.option("--bbox", callback=_bbox, help="min_lon,min_lat,max_lon,max_lat")(f)
    f = click.option("--q", "q", help="Full-text search (accent-insensitive).")(f)
    f = click.option("--background", is_flag=True, help="Include events told as history.")(f)
    f = click.option("--reviewed-only", is_flag=True, help="Only events a person confirmed or corrected.")(f)
    f = click.option(
        "--review-status",
        type=click.Choice(["machine", "confirmed", "corrected", "rejected"]),
        help="Only events of this review status (rejected events are left out unless asked for).",
    )(f)
    f = click.option(
        "--min-confidence",
        type=click.FloatRange(0.0, 1.0),
        help="Only events at least this likely to be real incidents (default: the min_confidence setting).",
    )(f)
    return f


def _event_filter(settings: Settings, **kw: Any) -> Any:
    from cronica.store.db import EventFilter

    chosen = kw.get("min_confidence")
    return EventFilter(
        since=kw.get("since"),
        until=kw.get("until"),
        country=kw.get("country"),
        admin1=kw.get("admin1"),
        event_type=kw.get("event_type"),
        sub_event_type=kw.get("sub_event_type"),
        actor=kw.get("actor"),
        bbox=kw.get("bbox"),
        q=kw.get("q"),
        include_background=bool(kw.get("background")),
        min_confidence=settings.min_confidence if chosen is None else chosen,
        limit=kw.get("limit"),
        review_status=kw.get("review_status"),
        reviewed_only=bool(kw.get("reviewed_only")),
    )


@cli.command()
@_filters
@click.option("--format", "fmt", type=click.Choice(FORMATS_EVENTS), default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1), help="At most this many events.")
@click.pass_obj
def events(obj: Ctx, fmt: str, **kw: Any) -> None:
    """List fused events, filtered."""
    from cronica.export import write_events, write_records

    found = obj.store().events(_event_filter(obj.settings(), **kw))
    if fmt == "table":
        _print_table(found)
    elif fmt == "jsonl":  # the records of DESIGN.md section 4, exactly
        write_records(found, sys.stdout.buffer)
    else:
        write_events(found, fmt, sys.stdout.buffer)


@cli.command()
@click.option("--country", help="ISO 3166-1 alpha-2 code, e.g. PE.")
@click.option("--kind", type=click.Choice(["killed", "injured", "arrested", "crowd"]), default=None)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_obj
def tallies(obj: Ctx, country: str | None, kind: str | None, fmt: str) -> None:
    """The casualty ledger: reported running totals, with the incident sums beside them."""
    from cronica.fuse.ledger import ledger_rows

    store = obj.store()
    kinds = [kind] if kind else None
    found = store.tallies(country=country, kind=kind)
    ledger = ledger_rows(found, store.incident_days(country, kinds), country=country)
    docs = store.documents({doc_id for row in ledger for doc_id in row.sources})
    if fmt == "jsonl":
        for row in ledger:
            click.echo(json.dumps(row.to_dict(), ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Casualty ledger: reported totals beside incident sums")
    for col in ("as of", "kind", "reported total", "reports", "incident sum", "gap", "sources"):
        table.add_column(col)
    for row in ledger:
        table.add_row(
            row.as_of.isoformat() if row.as_of else "?",
            row.kind,
            row.reported_label(),
            str(len(row.tallies)),
            str(row.incident_sum),
            "" if row.gap is None else f"{row.gap:+d}",
            ", ".join(sorted({(docs[d].source or d) if d in docs else d for d in row.sources}))[:60],
        )
    Console(width=160).print(table)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
@_filters
@click.pass_obj
def export(obj: Ctx, fmt: str, output: str, **kw: Any) -> None:
    """Write events to a file for other tools."""
    from cronica.export import write_events

    found = obj.store().events(_event_filter(obj.settings(), **kw))
    write_events(found, fmt, Path(output))
    click.echo(f"wrote {len(found)} events to {output} ({fmt})")


@cli.command("datasette-metadata")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="metadata.json",
    show_default=True,
    help="Where to write the metadata.",
)
@click.option(
    "--name", help="The database's name in datasette (default: the SQLite file's stem, else cronica)."
)
@click.pass_obj
def datasette_metadata(obj: Ctx, output: str, name: str | None) -> None:
    """Write a datasette metadata.json (labels, descriptions, facets) for the database."""
    from cronica.export.datasette import database_name, write_datasette_metadata

    database = name or database_name(obj.settings().db)
    write_datasette_metadata(Path(output), database)
    click.echo(f"wrote {output} for database {database!r}")


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out", "out", type=click.Path(file_okay=False), required=True, help="Folder for Parquet shards."
)
@WORKERS_OPTION
@click.option("--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray).")
@click.option("--load", "load_db", is_flag=True, help="Then load the shards into --db and fuse.")
@click.pass_obj
def backfill(
    obj: Ctx, inputs: tuple[str, ...], out: str, workers: int | None, address: str | None, load_db: bool
) -> None:
    """Process many JSON-lines or WARC files on Ray into Parquet shards (one file = one shard).

    Shards already written are skipped, so a killed backfill is finished by running it again.
    Needs the cluster extra: pip install 'cronica[cluster]'.
    """
    try:
        from cronica.run.ray_engine import backfill as run_backfill
    except ImportError as exc:
        raise ConfigError("backfill needs Ray: pip install 'cronica[cluster]'") from exc
    settings = obj.settings(workers=workers, engine="ray")
    counts = run_backfill(list(inputs), Path(out), settings, address=address, quiet=obj.quiet)
    click.echo(
        f"backfill: {counts.shards} shards processed, {counts.skipped} already done; {counts.documents} "
        f"documents, {counts.mentions} event mentions, {counts.tallies} tallies, {counts.failed} failed"
    )
    if load_db:
        _load(obj, counts.outputs)
    sys.exit(1 if counts.failed else 0)


@cli.command()
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True))
@click.pass_obj
def load(obj: Ctx, shards: tuple[str, ...]) -> None:
    """Bulk-load Parquet shards written by `cronica backfill` (COPY on PostgreSQL), then fuse."""
    paths: list[Path] = []
    for spec in shards:
        p = Path(spec)
        paths.extend(sorted(p.glob("*.parquet")) if p.is_dir() else [p])
    _load(obj, paths)


def _load(obj: Ctx, paths: Sequence[Path]) -> None:
    from cronica.run.load import load_and_fuse

    loaded = load_and_fuse(obj.store(), paths, quiet=obj.quiet)
    click.echo(
        f"load: {loaded.shards} shard files, {loaded.documents} documents, {loaded.mentions} mentions, "
        f"{loaded.tallies} tallies; {loaded.events} events after fusion"
    )


@cli.command()
@click.pass_obj
def runs(obj: Ctx) -> None:
    """Run manifests: when, what, version, counts and failures (dead runs show as interrupted)."""
    from cronica.run.manifest import list_runs

    for r in list_runs(obj.store()):
        counts = ", ".join(f"{k} {v}" for k, v in r["counts"].items())
        click.echo(f"{r['run_id']}  {r['command']:<8} {r['status']:<11} v{r['version']}  {counts}")
        for f in r["failures"][:20]:
            click.echo(f"    {f['origin']}: {f['reason']}")



# -- users who may write reviews through the API ---------------------------------
@cli.group()
def users() -> None:
    """People who may write reviews through the API, and their tokens (docs/access.md)."""


@users.command(name="add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["reviewer", "admin"]),
    required=True,
    help="reviewer or admin (both may write reviews).",
)
@click.pass_obj
def users_add(obj: Ctx, name: str, role: str) -> None:
    """Add a user and print its token: shown this once, only its hash is stored."""
    from cronica.users import add_user

    token = add_user(obj.store(), name, role)
    click.echo(token)
    if not obj.quiet:
        _echo_err(f"user {name!r} added as {role}: keep the token above, it is not shown again")


@users.command(name="list")
@click.pass_obj
def users_list(obj: Ctx) -> None:
    """Every user: name, role, when added, and whether disabled (never a token or hash)."""
    from cronica.users import list_users

    for u in list_users(obj.store()):
        state = "disabled" if u.disabled else "active"
        click.echo(f"{u.name}\t{u.role}\t{u.created_at.isoformat(timespec='seconds')}\t{state}")


@users.command(name="disable")
@click.argument("name")
@click.pass_obj
def users_disable(obj: Ctx, name: str) -> None:
    """Refuse a user's token from now on; the reviews it signed stay in the log."""
    from cronica.users import disable_user

    disable_user(obj.store(), name)
    click.echo(f"user {name!r} disabled")

DEMO_DB = "sqlite:///cronica-demo.db"


@cli.command()
@click.option("--no-serve", is_flag=True, help="Build the database and print the events; do not serve.")
@click.option("--host", default=None, help="Address to serve on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to serve on (default 8000).")
@click.pass_obj
def demo(obj: Ctx, no_serve: bool, host: str | None, port: int | None) -> None:
    """Fresh SQLite database from the bundled demo corpus, then serve it."""
    from importlib.resources import files

    from cronica.run.runner import ingest as run_ingest
    from cronica.run.runner import process as run_process
    from cronica.store import open_store

    settings = obj.settings(db=obj.db or DEMO_DB)
    if not settings.db.startswith("sqlite:///"):
        raise ConfigError("the demo builds a SQLite database: pass --db sqlite:///PATH or leave --db out")
    path = Path(settings.db[len("sqlite:///") :])
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(settings.db)
    corpus = str(files("cronica") / "data" / "demo" / "reports")
    _, ic = run_ingest(store, [corpus], settings, quiet=obj.quiet)
    _, pc = run_process(store, settings, quiet=obj.quiet)
    click.echo(
        f"demo database {path}: {ic.new} reports, {pc.mentions} event mentions, {pc.events} events, "
        f"{pc.tallies} tallies"
    )
    _print_table(store.events())
    if not no_serve:
        _serve(settings, host, port)


# Seconds an idle keep-alive connection stays open. uvicorn's 5 s closes connections that a busy
# client is about to reuse: its next request then fails with a read error, not an answer.
KEEP_ALIVE_S = 65


def _serve(settings: Settings, host: str | None, port: int | None) -> None:
    import uvicorn

    from cronica.api import create_app

    host = host or settings.host
    port = port or settings.port
    click.echo(f"serving the dashboard and API on http://{host}:{port}/ (Ctrl-C to stop)")
    if settings.serve_workers > 1:
        # each worker process builds its own app from these settings (uvicorn imports the factory)
        import os

        os.environ.update(serve_environment(settings))
        factory = "cronica.api.app:app_from_environment"
        uvicorn.run(
            factory,
            factory=True,
            host=host,
            port=port,
            workers=settings.serve_workers,
            log_level="warning",
            timeout_keep_alive=KEEP_ALIVE_S,
        )
        return
    app = create_app(
        settings.db,
        tile_url=settings.tile_url,
        min_confidence=settings.min_confidence,
        cache_s=settings.api_cache_s,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", timeout_keep_alive=KEEP_ALIVE_S)


def serve_environment(settings: Settings) -> dict[str, str]:
    """The ``CRONICA_*`` variables that give ``cronica serve``'s worker processes its settings."""
    return {
        "CRONICA_DB": settings.db,
        "CRONICA_TILE_URL": settings.tile_url,
        "CRONICA_MIN_CONFIDENCE": repr(settings.min_confidence),
        "CRONICA_API_CACHE_S": repr(settings.api_cache_s),
    }


@cli.command()
@click.option("--host", default=None, help="Address (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8000).")
@click.option(
    "--workers", type=int, default=None, help="Server processes (default: the serve_workers setting, 1)."
)
@click.pass_obj
def serve(obj: Ctx, host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the REST API and the dashboard."""
    settings = obj.settings(serve_workers=workers)
    obj.store()  # fail now, clearly, if the database cannot be opened
    _serve(settings, host, port)


@cli.command(name="eval")
@click.argument("dataset", type=click.Choice((*DATASETS, "incidents")))
@click.option(
    "--path", "path", type=click.Path(exists=True), help="The corpus folder (every DATASET but incidents)."
)
@click.option("--limit", type=click.IntRange(1), help="Score only the first N items.")
@click.option(
    "--gold",
    "gold",
    type=click.Path(),
    help="incidents: a folder with reports.jsonl, gold.jsonl and tallies.jsonl.",
)
@click.option(
    "--split",
    type=click.Choice(["dev", "heldout", "all"]),
    default=None,
    help="incidents, indiapoliceevents, mass-mobilization, acep-lc720: score the development or "
    "held-out half only (default: all).",
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False), help="incidents: write every score here."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    help="incidents: score the events at least this confident (default: the min_confidence setting).",
)
@click.option(
    "-v",
    "--verbose",
    "show_lists",
    is_flag=True,
    help="incidents: list every miss, spurious and duplicate event.",
)
@click.pass_context
def eval_cmd(
    ctx: click.Context,
    dataset: str,
    path: str | None,
    limit: int | None,
    gold: str | None,
    split: str | None,
    json_path: str | None,
    min_confidence: float | None,
    show_lists: bool,
) -> None:
    """Score cronica against a gold-labelled corpus.

    DATASET incidents: ingest and process the reports of --gold DIR into a scratch database and
    score the fused events incident by incident (recall, spurious and duplicate events, types,
    places, deaths, actors, totals).
    """
    obj: Ctx = ctx.obj

    def missing(name: str) -> click.MissingParameter:
        param = next(p for p in ctx.command.params if p.name == name)
        return click.MissingParameter(ctx=ctx, param=param)

    if dataset != "incidents":
        if gold is not None or json_path is not None or min_confidence is not None:
            raise click.UsageError(
                "--gold, --json and --min-confidence go with `cronica eval incidents`", ctx=ctx
            )
        if path is None:
            raise missing("path")
        from cronica.evaluate.runner import SPLIT_SCORERS, evaluate

        if split is not None and dataset not in SPLIT_SCORERS:
            raise click.UsageError(f"--split goes with incidents and {', '.join(SPLIT_SCORERS)}", ctx=ctx)
        result = evaluate(dataset, Path(path), limit=limit, split=split)
        for line in result.table():
            click.echo(line)
        return
    if gold is None:
        raise missing("gold")
    if path is not None or limit is not None:
        raise click.UsageError("`cronica eval incidents` takes --gold DIR, not --path or --limit", ctx=ctx)
    _eval_incidents(obj, Path(gold), split or "all", json_path, min_confidence, show_lists or obj.verbose)


def _eval_incidents(
    obj: Ctx, gold: Path, split: str, json_path: str | None, min_confidence: float | None, show_lists: bool
) -> None:
    from cronica.evaluate.incidents import evaluate_incidents
    from cronica.evaluate.runner import EvalError

    try:
        settings = obj.settings()
        result = evaluate_incidents(gold, split, settings, quiet=obj.quiet, min_confidence=min_confidence)
    except EvalError as exc:
        if obj.verbose:
            traceback.print_exc()
        _echo_err(f"cronica: error: {exc}")
        sys.exit(2)
    for line in result.table(verbose=show_lists):
        click.echo(line)
    if json_path:
        try:
            Path(json_path).write_text(
                json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        except OSError as exc:
            _echo_err(f"cronica: error: cannot write {json_path}: {exc.strerror or exc}")
            sys.exit(2)
        click.echo(f"wrote {json_path}")


# -- output helpers -------------------------------------------------------------
def _print_table(found: Sequence[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(found)} events")
    for col in ("date", "sub-event type", "place", "admin1", "actor1", "actor2", "killed", "reports"):
        table.add_column(col, overflow="fold")
    for e in found:
        loc = e.location
        killed = "" if e.fatalities is None else str(e.fatalities)
        if e.disputed:
            killed += " (disputed)"
        table.add_row(
            (e.event_date.isoformat() if e.event_date else "?") + (" (bg)" if e.background else ""),
            e.sub_event_type,
            loc.name if loc else "",
            (loc.admin1 or "") if loc else "",
            e.actor1.name if e.actor1 else "",
            e.actor2.name if e.actor2 else "",
            killed,
            str(len({ev.doc_id for ev in e.evidence})),
        )
    Console(width=160).print(table)


def _print_tallies(found: Sequence[Any]) -> None:
    for t in found:
        as_of = t.as_of.isoformat() if t.as_of else "?"
        click.echo(f"tally {as_of} {t.kind} {t.value} ({t.qualifier}): {t.evidence.text}")


cli.add_command(review)


def main() -> None:
    """Entry point: library errors become one-line messages and exit codes."""
    verbose = "-v" in sys.argv[1:] or "--verbose" in sys.argv[1:]
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        _echo_err("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except (ConfigError, StoreError, ReviewError) as exc:
        if verbose:
            traceback.print_exc()
        _echo_err(f"cronica: error: {exc}")
        sys.exit(2)
    except CronicaError as exc:
        if verbose:
            traceback.print_exc()
        _echo_err(f"cronica: error: {exc}")
        sys.exit(1)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        _echo_err("interrupted")
        sys.exit(130)
    except SystemExit as exc:
        sys.exit(exc.code)


if __name__ == "__main__":
    main()
