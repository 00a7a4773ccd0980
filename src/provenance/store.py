"""SQLite via sqlite-utils: the only module that writes. ``ensure_db_shape(db)`` is idempotent.

Every article is stored in one ``BEGIN IMMEDIATE`` transaction: a crash or ``kill -9``
leaves each article either whole or absent, and a second writer waits (busy timeout)
instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass

import sqlite_utils

from .model import Extraction

BUSY_TIMEOUT_MS = 60_000

TABLES: dict[str, dict] = {
    "articles": {
        "columns": {
            "id": int, "content_hash": str, "outlet": str, "published": str, "url": str,
            "title": str, "author": str, "text": str, "source_path": str, "ingested_at": str,
            "n_quotes": int, "n_claims": int, "previous_version_id": int,
            "spun_copy_of": int, "spin_score": float,
        },
        "pk": "id",
        "foreign_keys": [("previous_version_id", "articles", "id"), ("spun_copy_of", "articles", "id")],
    },
    "speakers": {
        "columns": {"id": int, "name": str, "role": str, "organisation": str, "gender": str},
        "pk": "id",
        "foreign_keys": [],
    },
    "speaker_aliases": {
        "columns": {"id": int, "speaker_id": int, "alias": str, "article_id": int, "evidence": str},
        "pk": "id",
        "foreign_keys": [("speaker_id", "speakers", "id"), ("article_id", "articles", "id")],
    },
    "quote_clusters": {
        "columns": {
            "id": int, "canonical_text": str, "speaker_id": int, "first_quote_id": int,
            "first_article_id": int, "first_published": str, "n_quotes": int, "n_articles": int,
            "n_outlets": int,
        },
        "pk": "id",
        "foreign_keys": [("speaker_id", "speakers", "id"), ("first_article_id", "articles", "id")],
    },
    "quotes": {
        "columns": {
            "id": int, "article_id": int, "speaker_id": int, "text": str, "kind": str,
            "start": int, "end": int, "speaker_mention": str, "role": str, "organisation": str,
            "cue": str, "stance": str, "sieve": str, "confidence": float, "cluster_id": int,
            "variant": str, "diff": str,
        },
        "pk": "id",
        "foreign_keys": [
            ("article_id", "articles", "id"), ("speaker_id", "speakers", "id"),
            ("cluster_id", "quote_clusters", "id"),
        ],
    },
    "claims": {
        "columns": {
            "id": int, "article_id": int, "speaker_id": int, "text": str, "kind": str,
            "start": int, "end": int, "speaker_mention": str, "role": str, "organisation": str,
            "cue": str, "stance": str, "sieve": str, "confidence": float,
        },
        "pk": "id",
        "foreign_keys": [("article_id", "articles", "id"), ("speaker_id", "speakers", "id")],
    },
}
INDEXES = {
    "articles": [["content_hash"], ["url"], ["published"], ["outlet"]],
    "speakers": [["name"]],
    "speaker_aliases": [["alias"], ["speaker_id"]],
    "quotes": [["article_id"], ["speaker_id"], ["cluster_id"]],
    "claims": [["article_id"], ["speaker_id"]],
    "quote_clusters": [["first_published"]],
}
UNIQUE_INDEXES = {"articles": [["content_hash"]]}
FTS = {"quotes": ["text"], "claims": ["text"], "articles": ["title", "text"]}
VIEWS = {
    "quotes_by_speaker": """
        select quotes.id, speakers.name as speaker, quotes.text, quotes.kind, quotes.cue,
               quotes.stance, articles.outlet, articles.published, articles.title,
               articles.url, quotes.article_id, quotes.cluster_id
        from quotes
        join articles on articles.id = quotes.article_id
        left join speakers on speakers.id = quotes.speaker_id
        order by articles.published desc
    """,
}


def open_db(path: str | None = None) -> sqlite_utils.Database:
    """A database ready for writing: WAL, a busy timeout, foreign keys, and the schema."""
    db = sqlite_utils.Database(path) if path else sqlite_utils.Database(memory=True)
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if path:
        db.enable_wal()
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_db_shape(db)
    return db


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Create or upgrade tables, indexes, FTS and views. Safe to run any number of times."""
    with _immediate(db):
        for name, spec in TABLES.items():
            table = db[name]
            if not table.exists():
                table.create(spec["columns"], pk=spec["pk"], foreign_keys=spec["foreign_keys"])
            else:
                missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
                for column, column_type in missing.items():
                    table.add_column(column, column_type)
        for name, index_list in INDEXES.items():
            for columns in index_list:
                unique = columns in UNIQUE_INDEXES.get(name, [])
                db[name].create_index(columns, unique=unique, if_not_exists=True)
    for name, columns in FTS.items():
        if not db[name].detect_fts():
            db[name].enable_fts(columns, create_triggers=True, tokenize="porter")
    for name, sql in VIEWS.items():
        db.create_view(name, sql, replace=True)


@contextlib.contextmanager
def _immediate(db: sqlite_utils.Database):
    """One write transaction that takes the write lock up front, so concurrent writers queue
    on the busy timeout instead of failing mid-transaction."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        with db.atomic():  # sqlite-utils calls inside nest as savepoints
            yield db
    except BaseException:
        db.rollback()
        raise
    db.conn.execute("COMMIT")


@dataclass
class SaveResult:
    article_id: int
    status: str  # "new" | "unchanged" | "new_version"
    n_quotes: int = 0
    n_claims: int = 0


def save_extraction(db: sqlite_utils.Database, extraction: Extraction) -> SaveResult:
    """Store one article with its quotes, claims and speakers, all or nothing."""
    article = extraction.article
    with _immediate(db):
        existing = db.execute(
            "select id from articles where content_hash = ?", [article.content_hash]
        ).fetchone()
        if existing:
            return SaveResult(existing[0], "unchanged")
        previous = None
        if article.url:
            previous = db.execute(
                "select id from articles where url = ? order by id desc limit 1", [article.url]
            ).fetchone()
        article_id = db["articles"].insert(
            {
                "content_hash": article.content_hash,
                "outlet": article.outlet,
                "published": article.published,
                "url": article.url,
                "title": article.title,
                "author": article.author,
                "text": article.text,
                "source_path": article.path,
                "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n_quotes": len(extraction.quotes),
                "n_claims": len(extraction.claims),
                "previous_version_id": previous[0] if previous else None,
            }
        ).last_pk
        details = {s.name: s for s in extraction.speakers}
        for table, items in (("quotes", extraction.quotes), ("claims", extraction.claims)):
            rows = []
            for item in items:
                row = item.to_dict()
                speaker = row.pop("speaker")
                row["article_id"] = article_id
                row["speaker_id"] = speaker_id(db, speaker, details.get(speaker), article_id) if speaker else None
                rows.append(row)
            if rows:
                db[table].insert_all(rows)
        return SaveResult(article_id, "new_version" if previous else "new", len(extraction.quotes), len(extraction.claims))


def speaker_id(db: sqlite_utils.Database, name: str, detail=None, article_id: int | None = None) -> int:
    """The id for a speaker name, known alias first, creating the speaker when new."""
    row = db.execute(
        "select speaker_id from speaker_aliases where alias = ? limit 1", [name]
    ).fetchone()
    if row:
        return row[0]
    row = db.execute("select id from speakers where name = ? limit 1", [name]).fetchone()
    if row:
        return row[0]
    new_id = db["speakers"].insert(
        {
            "name": name,
            "role": getattr(detail, "role", None),
            "organisation": getattr(detail, "organisation", None),
            "gender": getattr(detail, "gender", None),
        }
    ).last_pk
    db["speaker_aliases"].insert({"speaker_id": new_id, "alias": name, "article_id": article_id, "evidence": "first seen"})
    return new_id
