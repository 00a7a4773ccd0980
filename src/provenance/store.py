"""SQLite via sqlite-utils: the only module that writes. ``ensure_db_shape(db)`` is idempotent.

Every article is stored in one ``BEGIN IMMEDIATE`` transaction: a crash or ``kill -9``
leaves each article either whole or absent, and a second writer waits (busy timeout)
instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
import weakref
from dataclasses import dataclass

import sqlite_utils

from .model import Extraction

BUSY_TIMEOUT_MS = 60_000

TABLES: dict[str, dict] = {
    "articles": {
        "columns": {
            "id": int, "content_hash": str, "identity_hash": str, "outlet": str, "published": str, "url": str,
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
            "variant": str, "diff": str, "variant_detail": str, "match_score": float,
            "fragments": str,  # JSON [[start, end], …] of a quotation split around its attribution
        },
        "pk": "id",
        "foreign_keys": [
            ("article_id", "articles", "id"), ("speaker_id", "speakers", "id"),
            ("cluster_id", "quote_clusters", "id"),
        ],
    },
    "quote_links": {  # verified matches between two quotes; clusters are built from these
        "columns": {"quote_id": int, "other_id": int, "score": float, "how": str},
        "pk": ("quote_id", "other_id"),
        "foreign_keys": [("quote_id", "quotes", "id"), ("other_id", "quotes", "id")],
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
    "search_backlog": {  # rows stored but not yet in their full-text index (see index_search_backlog)
        "columns": {"id": int, "table_name": str, "first_id": int, "last_id": int},
        "pk": "id",
        "foreign_keys": [],
    },
}
INDEXES = {
    "articles": [["content_hash"], ["identity_hash"], ["url"], ["published"], ["outlet"]],
    "speakers": [["name"]],
    "speaker_aliases": [["alias"], ["speaker_id"]],
    "quotes": [["article_id"], ["speaker_id"], ["cluster_id"]],
    "claims": [["article_id"], ["speaker_id"]],
    "quote_clusters": [["first_published"]],
    "quote_links": [["other_id"]],
    "search_backlog": [["table_name", "first_id"]],
}
UNIQUE_INDEXES = {"articles": [["identity_hash"]]}
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
        # WAL + NORMAL: a commit survives the process being killed (kill -9) and the file is never
        # corrupted; only a power cut or OS crash can undo the last few commits.
        db.conn.execute("PRAGMA synchronous = NORMAL")
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
        _upgrade_article_identity(db)
        _create_indexes(db)  # including any a bulk load dropped and was killed before restoring
        # Inside the same write transaction, so two processes opening a new database at once
        # cannot both try to create the FTS tables.
        for name, columns in FTS.items():
            if not db[name].detect_fts():
                db[name].enable_fts(columns, create_triggers=True, tokenize="porter")
            _reindex_only_when_text_changes(db, name, columns)
            _index_rows_not_in_backlog(db, name, columns)
            _merge_fts_segments_less_often(db, name)
        for name, sql in VIEWS.items():
            db.create_view(name, sql, replace=True)
        index_search_backlog(db)  # what an interrupted ingest left unindexed


def _create_indexes(db: sqlite_utils.Database) -> None:
    for name, index_list in INDEXES.items():
        for columns in index_list:
            unique = columns in UNIQUE_INDEXES.get(name, [])
            db[name].create_index(columns, unique=unique, if_not_exists=True)


# Indexes that storing an article never reads: each article's rows land on scattered pages of
# them (16 of the ~36 pages one article's commit writes), while building them once over all rows
# is a single sort. A large load drops them and builds them again at its end. (Storing reads
# articles by identity_hash and url, speakers by name and the search backlog: those stay.)
BULK_DEFERRED_INDEXES = {
    "quotes": ["article_id", "speaker_id", "cluster_id"],
    "claims": ["article_id", "speaker_id"],
    "articles": ["content_hash", "published", "outlet"],
}


def stored_rows(db: sqlite_utils.Database) -> int:
    """Quotes and claims stored: what rebuilding the deferred indexes would cost."""
    return sum(db.execute(f"select count(*) from [{table}]").fetchone()[0] for table in ("quotes", "claims"))


def drop_deferred_indexes(db: sqlite_utils.Database) -> None:
    """Drop ``BULK_DEFERRED_INDEXES`` for a large load; ``restore_indexes`` builds them again,
    and so does the next ``open_db`` if the load is killed first. Queries stay right without
    them, only slower."""
    with _immediate(db):
        for table, columns in BULK_DEFERRED_INDEXES.items():
            for index in db[table].indexes:
                if len(index.columns) == 1 and index.columns[0] in columns and not index.unique:
                    db.execute(f"DROP INDEX [{index.name}]")


def restore_indexes(db: sqlite_utils.Database) -> None:
    """Every index of the schema, built where missing (one transaction)."""
    with _immediate(db):
        _create_indexes(db)


def article_identity(text: str, outlet: str | None, url: str | None) -> str:
    """What makes two stored articles the same one: the same words from the same outlet at the
    same URL. The same words from another outlet (a wire story republished) is an article of its
    own, because who ran it is the provenance.

    >>> article_identity("Text.", "AFP", None) == article_identity("Text.", "Reuters", None)
    False
    """
    key = "\x1f".join((text, outlet or "", url or ""))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _upgrade_article_identity(db: sqlite_utils.Database) -> None:
    """Databases made when the text alone was the identity: fill identity_hash and let
    content_hash repeat."""
    for index in db["articles"].indexes:
        if index.columns == ["content_hash"] and index.unique:
            db.execute(f"DROP INDEX [{index.name}]")
    rows = db.execute("select id, text, outlet, url from articles where identity_hash is null").fetchall()
    db.conn.executemany(
        "update articles set identity_hash = ? where id = ?",
        [(article_identity(text or "", outlet, url), article_id) for article_id, text, outlet, url in rows],
    )


def _reindex_only_when_text_changes(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """sqlite-utils' update trigger re-indexes a row on any UPDATE; matching updates every quote
    (cluster_id, variant) and article (spun_copy_of), which would re-tokenize their text each
    time. ``AFTER UPDATE OF <indexed columns>`` keeps the index exact at a fraction of the cost."""
    names, old_values, new_values = _trigger_columns(columns)
    _replace_trigger(db, f"{table}_au", " UPDATE OF ", (
        f"AFTER UPDATE OF {names} ON [{table}] BEGIN\n"
        f"  INSERT INTO [{table}_fts] ([{table}_fts], rowid, {names}) VALUES('delete', old.rowid, {old_values});\n"
        f"  INSERT INTO [{table}_fts] (rowid, {names}) VALUES (new.rowid, {new_values});\n"
        "END"))


def _index_rows_not_in_backlog(db: sqlite_utils.Database, table: str, columns: list[str]) -> None:
    """``_insert`` lists its rows in ``search_backlog`` and they are indexed in batches
    (``index_search_backlog``). The insert trigger stays for any other writer, but skips the
    rows the backlog lists. (Ranges never overlap, so only the one starting last at or before
    the row can hold it: one index probe per row, however long the backlog.)"""
    names, _, new_values = _trigger_columns(columns)
    _replace_trigger(db, f"{table}_ai", " LIMIT 1), 0) < NEW.ROWID ", (
        f"AFTER INSERT ON [{table}] WHEN coalesce((SELECT last_id FROM search_backlog WHERE table_name = '{table}' "
        "AND first_id <= new.rowid ORDER BY first_id DESC LIMIT 1), 0) < new.rowid BEGIN\n"
        f"  INSERT INTO [{table}_fts] (rowid, {names}) VALUES (new.rowid, {new_values});\n"
        "END"))


def index_search_backlog(db: sqlite_utils.Database, max_rows: int | None = None) -> int:
    """Index the rows ``search_backlog`` lists and take them off it, in one transaction;
    returns the number of rows indexed. With ``max_rows``, only the first entries holding about
    that many rows (call again until it returns 0: other writers get the lock in between).

    Why a backlog: FTS5 writes index segments at every commit, which was half the cost of
    storing an article in its own transaction. Ingest stores each article in its own
    transaction, with its rows listed here, and indexes the list while it matches (see
    ``match_database(index_search=True)``); after a crash, the next ``open_db`` indexes what is left.
    """
    indexed = 0
    with _immediate(db):
        # Each table's last entry to take, worked out in SQL: a thread indexing beside matching
        # waits for Python's lock at every row it fetches, so it fetches a row per table only.
        bounds = db.execute(
            "select table_name, max(first_id) from (select table_name, first_id, "
            "sum(last_id - first_id + 1) over (order by table_name, first_id) - (last_id - first_id + 1) as before "
            "from search_backlog) where ? is null or before < ? group by table_name", [max_rows, max_rows]).fetchall()
        for table, bound in bounds:
            names = ", ".join(f"[{c}]" for c in FTS[table])
            indexed += db.conn.execute(
                f"insert into [{table}_fts] (rowid, {names}) select item.id, {', '.join(f'item.[{c}]' for c in FTS[table])} "
                f"from search_backlog join [{table}] as item on item.id between search_backlog.first_id and search_backlog.last_id "
                "where search_backlog.table_name = ? and search_backlog.first_id <= ? order by item.id",
                [table, bound]).rowcount
            db.execute("delete from search_backlog where table_name = ? and first_id <= ?", [table, bound])
    return indexed


SEARCH_CHUNK = 20_000  # rows per transaction when indexing alongside other work


def _search_indexing_thread(db: sqlite_utils.Database):
    """A started thread that indexes the search backlog on its own connection, in
    transactions of ``SEARCH_CHUNK`` rows (others' writes get in between); None for a
    database in memory, which has no second connection."""
    path = next((row[2] for row in db.execute("pragma database_list") if row[1] == "main"), "")
    if not path:
        return None

    def work() -> None:
        with contextlib.suppress(Exception):  # the backlog stays; match_database indexes it after
            other = sqlite_utils.Database(path)
            try:
                other.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                other.conn.execute("PRAGMA synchronous = NORMAL")  # as open_db: WAL commits without fsync
                while index_search_backlog(other, max_rows=SEARCH_CHUNK):
                    pass
            finally:
                other.close()

    thread = threading.Thread(target=work, name="search-indexing", daemon=True)
    thread.start()
    return thread


def _trigger_columns(columns: list[str]) -> tuple[str, str, str]:
    """``[a], [b]``, ``old.[a], old.[b]`` and ``new.[a], new.[b]``."""
    return tuple(", ".join(f"{prefix}[{c}]" for c in columns) for prefix in ("", "old.", "new."))


def _replace_trigger(db: sqlite_utils.Database, trigger: str, marker: str, body: str) -> None:
    """Recreate sqlite-utils' FTS trigger ``trigger`` as ``CREATE TRIGGER <trigger> <body>``,
    unless it is absent or already ours (its SQL contains ``marker``)."""
    sql = db.execute("select sql from sqlite_master where type = 'trigger' and name = ?", [trigger]).fetchone()
    if sql is None or marker in sql[0].upper():
        return
    db.execute(f"DROP TRIGGER [{trigger}]")
    db.execute(f"CREATE TRIGGER [{trigger}] {body}")


FTS_AUTOMERGE = 16


def _merge_fts_segments_less_often(db: sqlite_utils.Database, table: str) -> None:
    """Every commit writes a new FTS5 segment; by default FTS5 merges them four at a time, which
    with one transaction per article is most of the cost of storing one. Sixteen at a time (the
    largest FTS5 allows) stores about 40% faster; a search reads a few more segments."""
    row = db.execute(f"select v from [{table}_fts_config] where k = 'automerge'").fetchone()
    if row is None or row[0] != FTS_AUTOMERGE:
        db.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('automerge', ?)", [FTS_AUTOMERGE])


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


def save_extraction(db: sqlite_utils.Database, extraction: Extraction, defer_search: bool = False) -> SaveResult:
    """Store one article with its quotes, claims and speakers, all or nothing.

    Its rows are searchable at once, or with ``defer_search`` once ``index_search_backlog``
    runs (ingest's batches: the full-text index is the costly part of a small transaction).

    The same text from the same outlet and URL again is a no-op ("unchanged"; see
    ``article_identity``); the same URL with different text is stored as a new article whose
    ``previous_version_id`` points at the latest earlier version.
    """
    article = extraction.article
    identity = article_identity(article.text, article.outlet, article.url)
    outermost = not db.conn.in_transaction  # only then is our commit final, and the cache safe to fill
    with _immediate(db):
        known_speakers = _speaker_cache(db) if outermost else {}
        existing = db.execute("select id from articles where identity_hash = ?", [identity]).fetchone()
        if existing:
            return SaveResult(existing[0], "unchanged")
        previous = None
        if article.url:
            previous = db.execute(
                "select id from articles where url = ? and content_hash != ? order by id desc limit 1",
                [article.url, article.content_hash],
            ).fetchone()
        article_id = _insert(db, "articles", [
            {
                "content_hash": article.content_hash,
                "identity_hash": identity,
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
        ])
        details = {s.name: s for s in extraction.speakers}
        speaker_ids: dict[str, int] = {}  # one lookup per name per article
        for table, items in (("quotes", extraction.quotes), ("claims", extraction.claims)):
            rows = []
            for item in items:
                row = dict(vars(item))  # flat dataclass: cheaper than asdict's deep copy
                speaker = row.pop("speaker")
                row["article_id"] = article_id
                if speaker and speaker not in speaker_ids:
                    speaker_ids[speaker] = known_speakers.get(speaker) or speaker_id(
                        db, speaker, details.get(speaker), article_id)
                row["speaker_id"] = speaker_ids[speaker] if speaker else None
                if row.get("fragments"):
                    row["fragments"] = json.dumps(row["fragments"])
                rows.append(row)
            _insert(db, table, rows)
        if not defer_search:
            index_search_backlog(db)
    known_speakers.update(speaker_ids)  # committed: these ids now exist for later articles
    return SaveResult(article_id, "new_version" if previous else "new", len(extraction.quotes), len(extraction.claims))


_SPEAKER_CACHES: "weakref.WeakKeyDictionary[sqlite_utils.Database, tuple[int, dict[str, int]]]" = (
    weakref.WeakKeyDictionary())


def _speaker_cache(db: sqlite_utils.Database) -> dict[str, int]:
    """Speaker name → id as this connection last saw them, saving two lookups per speaker per
    article. Call inside the write transaction: it is emptied whenever another connection has
    committed since (``PRAGMA data_version``), since that one may have merged speakers, and by
    ``_merge_speakers`` on this connection."""
    version = db.conn.execute("PRAGMA data_version").fetchone()[0]
    cached = _SPEAKER_CACHES.get(db)
    if cached is None or cached[0] != version:
        cached = _SPEAKER_CACHES[db] = (version, {})
    return cached[1]


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> int | None:
    """Plain prepared INSERTs for the hot path (sqlite-utils' insert_all introspects the table on
    every call). Columns come from ``TABLES``; keys that are not columns are ignored."""
    if not rows:
        return None
    columns = [c for c in TABLES[table]["columns"] if c != TABLES[table]["pk"]]
    sql = "insert into [{}] ({}) values ({})".format(
        table, ", ".join(f"[{c}]" for c in columns), ", ".join("?" for _ in columns)
    )
    values = [[row.get(c) for c in columns] for row in rows]
    # Articles, quotes and claims hold only scalars (model.py): checking their ~50 rows an
    # article cost a tenth of storing it. sqlite3 refuses a list there loudly anyway.
    if table not in FTS and any(type(v) in JSON_TYPES for row in values for v in row):
        values = [[_sql_value(v) for v in row] for row in values]
    cursor = db.conn.cursor()
    if table in FTS:
        # List the ids the rows are about to get (the write lock is held, so they are
        # max(id) + 1, ...) in the search backlog, then insert them with those ids: the insert
        # trigger leaves them to index_search_backlog.
        first = (cursor.execute(f"select max(rowid) from [{table}]").fetchone()[0] or 0) + 1
        cursor.execute("insert into search_backlog (table_name, first_id, last_id) values (?, ?, ?)",
                       [table, first, first + len(values) - 1])
        sql = sql.replace(" (", " ([id], ", 1).replace("values (", "values (?, ", 1)
        values = [[first + n, *row] for n, row in enumerate(values)]
    if len(values) == 1:
        cursor.execute(sql, values[0])
    else:
        cursor.executemany(sql, values)
    return cursor.lastrowid if len(values) == 1 or table not in FTS else values[-1][0]


JSON_TYPES = (list, dict, tuple)


def _sql_value(value):
    """Lists and dicts stored as JSON text, as sqlite-utils does."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, JSON_TYPES) else value


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
    new_id = _insert(db, "speakers", [
        {
            "name": name,
            "role": getattr(detail, "role", None),
            "organisation": getattr(detail, "organisation", None),
            "gender": getattr(detail, "gender", None),
        }
    ])
    _insert(db, "speaker_aliases", [{"speaker_id": new_id, "alias": name, "article_id": article_id, "evidence": "first seen"}])
    return new_id


# ---------------------------------------------------------------- cross-source matching


@dataclass
class MatchSummary:
    quotes: int = 0  # quotes looked at (new ones, or all on --rebuild)
    links: int = 0  # verified links added
    clusters: int = 0  # clusters rewritten
    speakers_merged: int = 0
    spun_copies: int = 0

    def line(self) -> str:
        return (f"matched {self.quotes} quotes: {self.links} links, {self.clusters} clusters updated, "
                f"{self.speakers_merged} speakers merged, {self.spun_copies} spun copies flagged")


def match_database(db: sqlite_utils.Database, rebuild: bool = False, index_search: bool = False) -> MatchSummary:
    """Cluster quotes across articles and merge speaker rows that are one person.

    Incremental by default: only quotes never matched before (``variant`` is null) are compared,
    against everything stored; only the clusters they touch are rewritten. ``rebuild=True``
    forgets every link and cluster and redoes all of it; both give the same result.

    The matching itself runs outside any write transaction (it can take minutes on a large
    database); the write lock is held only to merge speakers and to store the results, so a
    concurrent ingest waits seconds, not minutes. Quotes another process adds meanwhile keep
    ``variant`` null and are matched by the next run.

    ``index_search`` also empties the search backlog (ingest leaves it for this): a second
    connection in a thread indexes it while the matching computes, outside the write lock.
    FTS5 tokenizes inside SQLite, without Python's lock, so it uses the core the matching
    (mostly Python) leaves idle.
    """
    summary = MatchSummary()
    with _immediate(db):
        if rebuild:
            db.execute("update quotes set cluster_id = null, variant = null, diff = null, variant_detail = null, match_score = null")
            db.execute("delete from quote_links")
            db.execute("delete from quote_clusters")
        identity_evidence: dict[int, tuple] = {}  # speaker id → (roles, contexts), read once per run
        merged_speakers = _merge_speakers(db, shared_quotes=set(), evidence=identity_evidence)
    summary.speakers_merged += len(merged_speakers)
    indexing = _search_indexing_thread(db) if index_search else None
    try:
        return _match_and_store(db, rebuild, summary, merged_speakers, identity_evidence, indexing)
    finally:
        if indexing is not None:
            indexing.join()
        if index_search:
            index_search_backlog(db)  # whatever the thread could not do (an error, a database in memory)


def _match_and_store(db, rebuild: bool, summary: MatchSummary, merged_speakers: set[int],
                     identity_evidence: dict, indexing) -> MatchSummary:
    from . import match

    rows = quote_rows(db)
    known = {r.id for r in rows}
    new_ids = {r[0] for r in db.execute("select id from quotes where variant is null")} & known
    if merged_speakers:  # quotes of merged speakers may now match quotes they clashed with
        new_ids |= {r.id for r in rows if r.speaker_id in merged_speakers}
    if not new_ids:
        return summary
    by_text: dict[str, match.Prepared] = {}  # a syndicated quote is prepared once (read-only)
    prepared = [by_text.get(r.text) or by_text.setdefault(r.text, match.prepare(r.text)) for r in rows]
    links, conflicts = match.find_links(rows, None if rebuild else new_ids, prepared)
    if conflicts:  # the same words under two speaker rows: evidence they are one person
        by_id = {r.id: r for r in rows}
        shared = {(by_id[c.a].speaker_id, by_id[c.b].speaker_id) for c in conflicts}
        with _immediate(db):
            more = _merge_speakers(db, shared_quotes=shared, evidence=identity_evidence)
        if more:
            summary.speakers_merged += len(more)
            speaker_of = dict(db.execute("select id, speaker_id from quotes"))
            for r in rows:
                r.speaker_id = speaker_of.get(r.id, r.speaker_id)
            # Only pairs touching the merged speakers' quotes can change: redo those, keep the rest.
            regrouped = {r.id for r in rows if r.speaker_id in more}
            new_ids |= regrouped
            links = [l for l in links if l.a not in regrouped and l.b not in regrouped]
            conflicts = [l for l in conflicts if l.a not in regrouped and l.b not in regrouped]
            more_links, more_conflicts = match.find_links(rows, regrouped, prepared)
            links += more_links
            conflicts += more_conflicts
    summary.quotes = len(new_ids)
    summary.links = len(links)
    ours = [(l.a, l.b, l.score, l.how) for l in links] + [(l.a, l.b, l.score, OTHER_SPEAKER) for l in conflicts]
    # Clusters and spun copies are worked out before the write lock, from what quote_links will
    # hold once ours are in, while the search index thread still uses the other core. The write
    # transaction checks that the links it finds are the ones assumed, and works them out again
    # if another process changed them meanwhile.
    links_before = db.execute(STORED_LINKS).fetchall()
    assumed = _after_upsert(links_before, ours)
    plan = _cluster_plan(rows, known, new_ids, assumed, rebuild)
    if indexing is not None:
        indexing.join()  # its transactions are done: the writes below need not queue behind them
    with _immediate(db):
        if (db.execute(STORED_LINKS).fetchall() if links_before
                else db.execute("select 1 from quote_links limit 1").fetchall()) != links_before:
            plan = None  # another process matched meanwhile
        # One prepared upsert for all links (sqlite-utils' upsert_all builds each chunk's SQL in Python).
        db.conn.executemany(
            "insert into quote_links (quote_id, other_id, score, how) values (?, ?, ?, ?) "
            "on conflict (quote_id, other_id) do update set score = excluded.score, how = excluded.how", ours)
        if plan is None:
            plan = _cluster_plan(rows, known, new_ids, db.execute(STORED_LINKS).fetchall(), rebuild)
        summary.clusters = len(plan.clusters)
        _write_clusters(db, plan.affected, plan.clusters, plan.variants)
        summary.spun_copies = _write_spun_copies(db, plan.spun_articles, plan.spun)
    return summary


# quote_links in rowid order: an upsert keeps an updated link in its place and adds new ones last.
STORED_LINKS = "select quote_id, other_id, score, how from quote_links order by rowid"


def _after_upsert(stored: list[tuple], new: list[tuple]) -> list[tuple]:
    """``stored`` links after upserting ``new`` ones, in the order quote_links will list them.

    >>> _after_upsert([(1, 2, 90.0, "fuzzy")], [(3, 4, 100.0, "exact"), (1, 2, 95.0, "fuzzy")])
    [(1, 2, 95.0, 'fuzzy'), (3, 4, 100.0, 'exact')]
    """
    merged = {(a, b): (score, how) for a, b, score, how in stored}
    for a, b, score, how in new:
        merged[(a, b)] = (score, how)  # an existing key keeps its place, as its rowid does
    return [(a, b, score, how) for (a, b), (score, how) in merged.items()]


@dataclass
class _ClusterPlan:
    affected: set[int]
    clusters: list
    variants: list
    spun_articles: set[int] | None  # articles whose spun-copy flags are recomputed (None: all)
    spun: list


def _cluster_plan(rows, known: set[int], new_ids: set[int], stored: list[tuple], rebuild: bool) -> _ClusterPlan:
    """Clusters, variants and spun copies from every stored link (pure: no database access)."""
    from . import match

    all_links = [match.Link(a, b, score, how) for a, b, score, how in stored if how != OTHER_SPEAKER]
    if new_ids >= known:  # every quote is new: the whole database is affected
        affected, chosen, local_links = set(known), rows, all_links
    else:
        affected = match.affected_component(new_ids, all_links) & known
        chosen = [r for r in rows if r.id in affected]
        local_links = [l for l in all_links if l.a in affected and l.b in affected]
    clusters, variants = match.build_clusters(chosen, local_links)
    spun_articles, spun = _spun_copies(rows, [(a, b) for a, b, _, _ in stored], None if rebuild else affected)
    return _ClusterPlan(affected, clusters, variants, spun_articles, spun)


OTHER_SPEAKER = "other_speaker"  # quote_links.how for same words under two speakers: never clustered


def quote_rows(db: sqlite_utils.Database):
    """Every stored quote as a ``match.QuoteRow``, in id order."""
    from .match import QuoteRow

    return [
        QuoteRow(*row)
        for row in db.execute(
            "select quotes.id, quotes.text, quotes.article_id, quotes.speaker_id, articles.published, "
            "articles.outlet, quotes.start from quotes join articles on articles.id = quotes.article_id "
            "order by quotes.id"
        )
    ]


def _write_clusters(db, affected: set[int], clusters, variants) -> None:
    ids = sorted(affected)
    clustered = {v.quote_id for v in variants}
    # Clusters are replaced before their quotes point at the new ones: check keys at commit.
    db.execute("PRAGMA defer_foreign_keys = ON")
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        marks = ",".join("?" * len(part))
        old = [r[0] for r in db.execute(f"select distinct cluster_id from quotes where id in ({marks}) and cluster_id is not null", part)]
        if old:
            db.execute(f"delete from quote_clusters where id in ({','.join('?' * len(old))})", old)
    db.conn.executemany(  # the rest get their new cluster below
        "update quotes set cluster_id = null, variant = 'unique', diff = null, variant_detail = null, "
        "match_score = null where id = ?", [(i,) for i in ids if i not in clustered])
    db.conn.executemany(
        "insert or replace into quote_clusters (id, canonical_text, speaker_id, first_quote_id, first_article_id, "
        "first_published, n_quotes, n_articles, n_outlets) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(c.id, c.canonical_text, c.speaker_id, c.first_quote_id, c.first_article_id, c.first_published,
          c.n_quotes, c.n_articles, c.n_outlets) for c in clusters],
    )
    db.conn.executemany(
        "update quotes set cluster_id = ?, variant = ?, variant_detail = ?, diff = ?, match_score = ? where id = ?",
        [(v.cluster_id, v.variant, v.detail, v.diff, v.score, v.quote_id) for v in variants],
    )


def _merge_speakers(db, shared_quotes: set[tuple[int, int]], evidence: dict | None = None) -> set[int]:
    """Apply ``identity.find_merges`` to the speakers table; returns the ids that stay.
    ``evidence`` caches each speaker's roles and article contexts across calls of one run
    (emptied for the speakers a merge changes)."""
    from .identity import SpeakerRow, find_merges, name_parts

    _SPEAKER_CACHES.pop(db, None)  # ids may be merged away below
    speakers = [SpeakerRow(*r) for r in db.execute("select id, name, role, organisation, gender from speakers")]
    surnames: dict[str, int] = {}
    for s in speakers:
        parts = name_parts(s.name)
        if parts:
            surnames[parts.surname] = surnames.get(parts.surname, 0) + 1
    for s in speakers:
        parts = name_parts(s.name)
        if not parts or surnames[parts.surname] < 2:
            continue
        if evidence is not None and s.id in evidence:
            s.roles, s.contexts = evidence[s.id]
            continue
        for table in ("quotes", "claims"):
            for role, organisation in db.execute(
                f"select distinct role, organisation from {table} where speaker_id = ? limit 20", [s.id]
            ):
                s.roles |= {x for x in (role, organisation) if x}
        s.contexts = [r[0] for r in db.execute(
            "select text from articles where id in (select article_id from quotes where speaker_id = :id "
            "union select article_id from claims where speaker_id = :id) order by id limit 3", {"id": s.id})]
        if evidence is not None:
            evidence[s.id] = (set(s.roles), list(s.contexts))
    merges = find_merges(speakers, shared_quotes)
    if evidence is not None:
        for m in merges:
            evidence.pop(m.speaker_id, None)
            evidence.pop(m.alias_id, None)
    names = {s.id: s for s in speakers}
    for m in merges:
        alias = names[m.alias_id]
        for table in ("quotes", "claims"):
            db.execute(f"update {table} set speaker_id = ? where speaker_id = ?", [m.speaker_id, m.alias_id])
        db.execute("update quote_clusters set speaker_id = ? where speaker_id = ?", [m.speaker_id, m.alias_id])
        db.execute("update speaker_aliases set speaker_id = ?, evidence = coalesce(evidence, '') || ?"
                   " where speaker_id = ?", [m.speaker_id, f"; merged: {m.evidence}", m.alias_id])
        keeper = names[m.speaker_id]
        db.execute(
            "update speakers set role = coalesce(role, ?), organisation = coalesce(organisation, ?), "
            "gender = coalesce(gender, ?) where id = ?",
            [alias.role, alias.organisation, alias.gender, keeper.id])
        if not db.execute("select 1 from speaker_aliases where alias = ? and speaker_id = ?", [alias.name, m.speaker_id]).fetchone():
            db["speaker_aliases"].insert({"speaker_id": m.speaker_id, "alias": alias.name, "evidence": m.evidence})
        db.execute("delete from speakers where id = ?", [m.alias_id])
    return {m.speaker_id for m in merges}


def _spun_copies(rows, pairs: list[tuple[int, int]], affected: set[int] | None = None):
    """``articles.spun_copy_of`` / ``spin_score`` recomputed from every stored link (``pairs``)
    over the quotes (``rows``) of the articles they touch: (the articles recomputed, None for
    all; the copies found among them).

    With ``affected`` (an incremental run: the quotes whose cluster could change), only their
    articles are recomputed: any other article has no link to them, so its tally is what it was."""
    from .match import spun_copies

    by_id = {r.id: r for r in rows}
    articles = None if affected is None else {by_id[q].article_id for q in affected}
    if articles is not None:
        pairs = [p for p in pairs if p[0] in by_id and p[1] in by_id
                 and (by_id[p[0]].article_id in articles or by_id[p[1]].article_id in articles)]
    linked_articles = {by_id[q].article_id for pair in pairs for q in pair if q in by_id}
    found = spun_copies([r for r in rows if r.article_id in linked_articles], pairs)
    if articles is not None:
        found = [copy for copy in found if copy.article_id in articles]
    return articles, found


def _write_spun_copies(db, articles: set[int] | None, found) -> int:
    """Store what ``_spun_copies`` found; returns how many articles are flagged."""
    if articles is None:
        db.execute("update articles set spun_copy_of = null, spin_score = null where spun_copy_of is not null")
    else:
        db.conn.executemany("update articles set spun_copy_of = null, spin_score = null "
                            "where id = ? and spun_copy_of is not null", [(a,) for a in articles])
    db.conn.executemany("update articles set spun_copy_of = ?, spin_score = ? where id = ?",
                        [(copy.copy_of, copy.score, copy.article_id) for copy in found])
    if articles is not None:
        return db.execute("select count(*) from articles where spun_copy_of is not null").fetchone()[0]
    return len(found)
