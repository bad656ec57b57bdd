"""The tables, as SQLAlchemy Core metadata.

The migrations in ``migrations/versions`` create exactly these; a test checks
that the migrated database and this metadata agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("doc_id", sa.String(200), primary_key=True),
    sa.Column("content_hash", sa.String(80), nullable=False, unique=True),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("lang", sa.String(8)),
    sa.Column("origin", sa.Text),
    sa.Column("status", sa.String(16), nullable=False),  # pending | processed | failed
    sa.Column("error", sa.Text),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("processed_at", sa.DateTime(timezone=True)),
    sa.Column("run_id", sa.String(40)),
    sa.Index("ix_documents_status", "status"),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("mention_id", sa.String(64), primary_key=True),
    sa.Column(
        "doc_id", sa.String(200), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("event_date", sa.Date),
    sa.Column("sub_event_type", sa.String(80), nullable=False),
    sa.Column("country_code", sa.String(2)),
    sa.Column("admin1", sa.Text),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),  # the per-report event record (DESIGN.md section 4)
    sa.Index("ix_mentions_doc", "doc_id"),
    sa.Index("ix_mentions_block", "event_date", "country_code"),
)

figures = sa.Table(
    "figures",
    metadata,
    sa.Column(
        "mention_id",
        sa.String(64),
        sa.ForeignKey("mentions.mention_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.Integer, primary_key=True),
    sa.Column("doc_id", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("value", sa.Integer),
    sa.Column("low", sa.Integer),
    sa.Column("high", sa.Integer),
    sa.Column("qualifier", sa.String(16), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("event_date", sa.Date),
    sa.Column("date_end", sa.Date),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("sub_event_type", sa.String(80), nullable=False),
    sa.Column("country_code", sa.String(2)),
    sa.Column("admin1", sa.Text),
    sa.Column("admin2", sa.Text),
    sa.Column("location_name", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("actor1", sa.Text),
    sa.Column("actor2", sa.Text),
    sa.Column("fatalities", sa.Integer),
    sa.Column("background", sa.Boolean, nullable=False),
    sa.Column("disputed", sa.Boolean, nullable=False),
    sa.Column("n_reports", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float),  # calibrated: the probability that the event is a real incident
    sa.Column("search_text", sa.Text, nullable=False),  # lower-cased, accents removed
    sa.Column("record", sa.JSON, nullable=False),  # the fused event record (DESIGN.md section 4)
    # the other reconciled figures, beside fatalities, so the casualty ledger sums them in SQL
    sa.Column("injuries", sa.Integer),
    sa.Column("arrests", sa.Integer),
    sa.Column("crowd_size", sa.Integer),
    # for the API's filters and aggregates (migration 0006): the region as the admin1 filter
    # compares it (lower-cased, accents removed) and the ACLED actor types of the two actors
    sa.Column("admin1_key", sa.Text),
    sa.Column("actor1_type", sa.String(32)),
    sa.Column("actor2_type", sa.String(32)),
    # human review (migration 0008): machine | confirmed | corrected | rejected, who acted last and
    # when, and whether a report joined the event since (docs/review.md)
    sa.Column("review_status", sa.String(16), nullable=False, server_default="machine"),
    sa.Column("reviewed_by", sa.String(80)),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    sa.Column("new_since_review", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_events_date", "event_date"),
    sa.Index("ix_events_place", "country_code", "admin1"),
    # covering indexes of the API's aggregates (timeline, casualty ledger, facets), so they read no
    # record; the day comes first so that a search by event id is still preferred by SQLite's planner
    sa.Index(
        "ix_events_day_type",
        "event_date",
        "event_type",
        "background",
        "confidence",
        "country_code",
        "fatalities",
        "review_status",
    ),
    sa.Index(
        "ix_events_day_place",
        "event_date",
        "country_code",
        "background",
        "fatalities",
        "injuries",
        "arrests",
        "crowd_size",
        "review_status",
    ),
    sa.Index(
        "ix_events_facets",
        "country_code",
        "admin1",
        "event_type",
        "sub_event_type",
        "background",
        "review_status",
    ),
    # keyset pagination (migration 0006): each sort order of the API, alone or after an equality
    # filter, ends in event_id so that every page starts where the last one stopped
    sa.Index("ix_events_order_date", "event_date", "event_id"),
    sa.Index("ix_events_order_fatalities", "fatalities", "event_id"),
    # (the columns after event_id make them covering for the timeline of one country, region or type)
    sa.Index(
        "ix_events_country_date",
        "country_code",
        "event_date",
        "event_id",
        "event_type",
        "background",
        "confidence",
        "fatalities",
        "review_status",
    ),
    sa.Index(
        "ix_events_admin1_date",
        "admin1_key",
        "event_date",
        "event_id",
        "event_type",
        "background",
        "confidence",
        "fatalities",
        "review_status",
    ),
    sa.Index(
        "ix_events_type_date",
        "event_type",
        "event_date",
        "event_id",
        "background",
        "confidence",
        "fatalities",
        "review_status",
    ),
    sa.Index("ix_events_date_end", "date_end", "event_date"),
    # covering indexes of the map grid and of the admin-1 and actor-type aggregates
    sa.Index(
        "ix_events_map",
        "lon",
        "lat",
        "background",
        "confidence",
        "fatalities",
        "event_type",
        "event_id",
        "review_status",
    ),
    sa.Index(
        "ix_events_admin1_sums",
        "country_code",
        "admin1",
        "background",
        "confidence",
        "fatalities",
        "review_status",
    ),
    sa.Index(
        "ix_events_actor_types",
        "actor1_type",
        "actor2_type",
        "background",
        "confidence",
        "fatalities",
        "review_status",
    ),
    sa.Index("ix_events_review", "review_status", "reviewed_at"),
)

event_mentions = sa.Table(
    "event_mentions",
    metadata,
    sa.Column(
        "event_id", sa.String(64), sa.ForeignKey("events.event_id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "mention_id",
        sa.String(64),
        sa.ForeignKey("mentions.mention_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Index("ix_event_mentions_mention", "mention_id"),
)

tallies = sa.Table(
    "tallies",
    metadata,
    sa.Column("tally_id", sa.String(64), primary_key=True),
    sa.Column(
        "doc_id", sa.String(200), sa.ForeignKey("documents.doc_id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("value", sa.Integer),
    sa.Column("as_of", sa.Date),
    sa.Column("country_code", sa.String(2)),
    sa.Column("record", sa.JSON, nullable=False),
    sa.Index("ix_tallies_doc", "doc_id"),
)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("run_id", sa.String(40), primary_key=True),
    sa.Column("command", sa.String(32), nullable=False),
    sa.Column("version", sa.String(32), nullable=False),
    sa.Column("config_hash", sa.String(64), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("status", sa.String(16), nullable=False),  # running | ok | partial | failed | interrupted
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("failures", sa.JSON, nullable=False),
    # who runs it and when it last stored something: a run whose process is gone is ``interrupted``
    sa.Column("pid", sa.Integer),
    sa.Column("host", sa.String(255)),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
)

# Every review action (issue 15), append-only: triggers make UPDATE and DELETE fail on both
# backends (migration 0008), so neither a reviewer nor an admin can rewrite what was decided.
review_log = sa.Table(
    "review_log",
    metadata,
    sa.Column("action_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(80), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),  # confirm|correct|merge|split|reject|undo
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    sa.Column("reason", sa.Text),
    sa.Index("ix_review_log_event", "event_id"),
    sa.Index("ix_review_log_user", "user_name", "action_id"),
)

# Fusion blocks (countries) whose mentions changed since their events were last written. A mark is
# written in the transaction that changes the mentions and removed in the one that writes the
# block's fused events, so a run killed in between leaves the mark for the next run to finish.
fusion_pending = sa.Table(
    "fusion_pending",
    metadata,
    sa.Column("block", sa.String(8), primary_key=True),  # a country code; "" for no country
    sa.Column("mark", sa.String(32), nullable=False),  # new at every marking: a later change survives
    sa.Column("marked_at", sa.DateTime(timezone=True), nullable=False),
)

# `cronica watch`: what it knows of each source it polls, so that a restarted watch asks only for
# what is new and keeps the back-off of a failing source (migration 0005)
watch_sources = sa.Table(
    "watch_sources",
    metadata,
    sa.Column("source_id", sa.String(40), primary_key=True),  # a hash of the spec
    sa.Column("spec", sa.Text, nullable=False),  # the URL, path, folder or glob as given
    sa.Column("kind", sa.String(16), nullable=False),  # feed | page | files
    sa.Column("etag", sa.Text),  # the validators of the copy last read (conditional GET)
    sa.Column("last_modified", sa.Text),
    sa.Column("cursor", sa.Text),  # the newest item seen: an entry's date, a file's modification time
    sa.Column("failures", sa.Integer, nullable=False),  # consecutive failed polls (0: healthy)
    sa.Column("last_error", sa.Text),
    sa.Column("next_poll_at", sa.DateTime(timezone=True)),  # backing off until then; None: every cycle
    sa.Column("last_polled_at", sa.DateTime(timezone=True)),
    sa.Column("last_new_at", sa.DateTime(timezone=True)),
    sa.Column("items", sa.Integer, nullable=False),  # items taken from this source so far
)

# Items `cronica watch` has taken (an entry's link, a document's origin, a file's path, size and
# time): an item seen once is never read again, whichever source carries it next.
watch_seen = sa.Table(
    "watch_seen",
    metadata,
    sa.Column("key_hash", sa.String(40), primary_key=True),
    sa.Column("item", sa.Text, nullable=False),
    sa.Column("source_id", sa.String(40), nullable=False),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_watch_seen_source", "source_id"),
)

# The people who may write reviews through the API (migration 0007). A token is shown once, when
# the user is added; only its argon2id hash is kept, with its first characters (not secret) to find
# the row without hashing the token against every user.
users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),  # reviewer | admin
    sa.Column("token_hash", sa.Text, nullable=False),
    sa.Column("token_prefix", sa.String(12), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Index("ix_users_token_prefix", "token_prefix"),
)
