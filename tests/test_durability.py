"""Nothing lost: kill -9 mid-ingest, two ingests at once, every stored article whole.

These run the real command in subprocesses, so the database sees real crashes and real
concurrent writers (WAL, busy timeout, one BEGIN IMMEDIATE transaction per article).
"""

import json
import os
import pathlib
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from provenance.store import open_db

WORDS = ("budget tax school hospital bridge election army border treaty pension wage river harbour "
         "railway vaccine court police farm energy grid climate drought flood market bank loan debt "
         "reform strike union museum library stadium airport tunnel factory mine forest coast").split()
FIRST = ["Jane", "Tom", "Maria", "Ahmed", "Olga", "Pierre", "Li", "Sara", "Nikos", "Ana"]
LAST = ["Smith", "Brown", "Garcia", "Khan", "Petrova", "Martin", "Wei", "Cohen", "Papas", "Silva"]


def synthetic_article(number: int) -> dict:
    """A small article with two quotes and reported speech; words vary so quotes stay distinct."""
    rng = random.Random(number)
    speaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    surname = speaker.split()[1]
    words = lambda n: " ".join(rng.choice(WORDS) for _ in range(n))  # noqa: E731
    text = (f"Article {number}: the council discussed the {words(3)} plan on Monday.\n\n"
            f"“The {words(6)} must come first,” said {speaker}, the regional minister.\n\n"
            f"{surname} added that the {words(4)} would cost {number} million euros.\n\n"
            f"“We will not accept {words(5)} in this region,” {surname} told reporters.\n")
    return {"text": text, "outlet": rng.choice(["AFP", "Reuters", "AP"]), "date": f"2023-{1 + number % 12:02d}-{1 + number % 28:02d}"}


def write_jsonl(path, numbers):
    with open(path, "w", encoding="utf-8") as stream:
        for number in numbers:
            stream.write(json.dumps(synthetic_article(number)) + "\n")
    return path


def ingest_process(*args, **popen):
    command = [sys.executable, "-c", "from provenance.cli import cli; cli()", "ingest", "--quiet", *map(str, args)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def count_articles(db_path) -> int:
    if not os.path.exists(db_path):
        return 0
    try:
        with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30) as conn:
            return conn.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def assert_database_whole(db_path):
    """integrity_check ok, foreign keys hold, every article has all its rows, and the full-text
    index holds every row except exactly those its backlog lists; once opened again by
    provenance, the index is complete and in step with the tables."""
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchall() == [("ok",)]
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    for table in ("articles", "quotes", "claims"):
        unindexed = {r[0] for r in conn.execute(f"select id from {table} where id not in (select id from {table}_fts_docsize)")}
        listed = {r[0] for r in conn.execute(
            f"select {table}.id from {table} join search_backlog on table_name = ? and {table}.id between first_id and last_id",
            [table])}
        assert unindexed == listed, f"{table}: rows missing from search without a backlog entry"
    conn.close()
    open_db(str(db_path)).conn.close()  # catches up the search index
    conn = sqlite3.connect(db_path)
    assert conn.execute("select count(*) from search_backlog").fetchone() == (0,)
    for table in ("articles", "quotes", "claims"):
        # rank 1: also compare with the table's rows (raises if any row is missing or stale)
        conn.execute(f"insert into {table}_fts({table}_fts, rank) values('integrity-check', 1)")
    partial = conn.execute("""
        select a.id, a.n_quotes, (select count(*) from quotes q where q.article_id = a.id),
               a.n_claims, (select count(*) from claims c where c.article_id = a.id)
        from articles a
        where a.n_quotes != (select count(*) from quotes q where q.article_id = a.id)
           or a.n_claims != (select count(*) from claims c where c.article_id = a.id)
    """).fetchall()
    assert partial == [], f"articles stored in part: {partial[:5]}"
    duplicates = conn.execute("select identity_hash from articles group by identity_hash having count(*) > 1").fetchall()
    assert duplicates == []
    orphans = conn.execute("select count(*) from quotes where article_id not in (select id from articles)").fetchone()[0]
    assert orphans == 0
    (n_quotes,) = conn.execute("select count(*) from quotes").fetchone()
    conn.close()
    return n_quotes


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc; empty elsewhere)."""
    found = []
    for stat in pathlib.Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid:
            found.append(int(stat.parent.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's exit may wait for init to reap it)."""
    try:
        return pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_kill_9_mid_ingest_leaves_every_committed_article_whole(tmp_path, jobs):
    source = write_jsonl(tmp_path / "thousand.jsonl", range(1000))
    db_path = tmp_path / "p.db"
    process = ingest_process(source, "--db", db_path, "--jobs", jobs)
    deadline = time.monotonic() + 300
    while count_articles(db_path) < 50 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = child_pids(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    if jobs != "1" and os.path.isdir("/proc"):
        # Its parser workers leave too, rather than waiting forever on a pipe nobody writes to.
        assert workers, "the parser workers had not started"
        deadline = time.monotonic() + 15
        while [pid for pid in workers if running(pid)] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in workers if running(pid)], "parser workers outlived the killed ingest"

    stored = count_articles(db_path)
    assert 50 <= stored < 1000
    assert assert_database_whole(db_path) >= 2 * stored  # every synthetic article has two quotes

    # Ingesting again completes the job: nothing duplicated, nothing missing.
    finish = ingest_process(source, "--db", db_path)
    _, err = finish.communicate(timeout=600)
    assert finish.returncode == 0, err.decode()
    assert count_articles(db_path) == 1000
    assert_database_whole(db_path)


def test_two_ingests_at_once_both_finish_nothing_lost(tmp_path):
    # 50 articles in both files: the same article arriving twice at once must be stored once.
    first = write_jsonl(tmp_path / "first.jsonl", list(range(0, 250)))
    second = write_jsonl(tmp_path / "second.jsonl", list(range(200, 450)))
    db_path = tmp_path / "shared.db"  # neither process finds a database: both create the schema at once
    processes = [ingest_process(first, "--db", db_path), ingest_process(second, "--db", db_path)]
    results = [p.communicate(timeout=600) for p in processes]
    for process, (_, err) in zip(processes, results):
        assert process.returncode == 0, err.decode()
    assert count_articles(db_path) == 450
    assert assert_database_whole(db_path) >= 900
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma journal_mode").fetchone() == ("wal",)
    stored = {row[0] for row in conn.execute("select text from articles")}
    assert stored == {synthetic_article(n)["text"].strip() for n in range(450)}


def test_failure_inside_one_article_stores_nothing_of_it(tmp_path, monkeypatch):
    """A crash between the article row and its quotes rolls the whole article back."""
    from provenance import store
    from provenance.attribute import extract
    from provenance.model import Article

    db = store.open_db(str(tmp_path / "p.db"))
    extraction = extract(Article(text=synthetic_article(1)["text"]))
    assert extraction.quotes
    original_insert = store._insert

    def failing_insert(db_, table, rows):
        if table == "quotes":
            raise RuntimeError("disk on fire")
        return original_insert(db_, table, rows)

    monkeypatch.setattr(store, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        store.save_extraction(db, extraction)
    assert db["articles"].count == 0 and db["quotes"].count == 0 and db["speakers"].count == 0
    monkeypatch.setattr(store, "_insert", original_insert)
    assert store.save_extraction(db, extraction).status == "new"
    assert db["quotes"].count == len(extraction.quotes)


def test_fts_follows_text_updates_but_not_other_updates(tmp_path):
    from provenance.store import open_db

    db = open_db(str(tmp_path / "p.db"))
    with db.atomic():
        db.execute("insert into articles (content_hash, title, text) values ('h1', 'Bridge', 'The bridge opened')")
    segments = db.execute("select count(*) from articles_fts_data").fetchone()
    with db.atomic():  # what matching does to every article it flags
        db.execute("update articles set spun_copy_of = null, spin_score = 0.5, outlet = 'AFP' where id = 1")
    assert db.execute("select count(*) from articles_fts_data").fetchone() == segments  # nothing re-indexed
    with db.atomic():
        db.execute("update articles set text = 'The tunnel closed' where id = 1")
    search = "select rowid from articles_fts where articles_fts match ?"
    assert db.execute(search, ["tunnel"]).fetchall() == [(1,)]
    assert db.execute(search, ["bridge"]).fetchall() == [(1,)]  # still in the title
    assert db.execute(search, ["opened"]).fetchall() == []
    db.execute("insert into articles_fts(articles_fts) values('integrity-check')")
    # a database made before this change, with sqlite-utils' catch-all trigger, is upgraded when opened
    db["quotes"].disable_fts()
    db["quotes"].enable_fts(["text"], create_triggers=True, tokenize="porter")
    trigger = "select sql from sqlite_master where name = 'quotes_au'"
    assert "UPDATE OF" not in db.execute(trigger).fetchone()[0]
    assert "UPDATE OF [text]" in open_db(str(tmp_path / "p.db")).execute(trigger).fetchone()[0]


def test_ingest_indexes_search_in_batches_and_leaves_nothing_unindexed(tmp_path):
    from provenance import ingest
    from provenance.read import Reader

    source = write_jsonl(tmp_path / "seven.jsonl", range(7))
    db = open_db(str(tmp_path / "p.db"))
    backlog_sizes = []
    summary = ingest.ingest_articles(db, Reader([str(source)]), search_batch=3, on_article=lambda s: backlog_sizes.append(
        db.execute("select count(*) from search_backlog where table_name = 'articles'").fetchone()[0]))
    assert summary.new == 7
    assert backlog_sizes == [1, 2, 0, 1, 2, 0, 1]  # indexed every third article, the rest at the end
    assert db.execute("select count(*) from search_backlog").fetchone() == (0,)
    assert len(db.execute("select rowid from articles_fts where articles_fts match 'council'").fetchall()) == 7
    for table in ("articles", "quotes", "claims"):
        db.execute(f"insert into {table}_fts({table}_fts, rank) values('integrity-check', 1)")


def test_backlog_indexed_in_chunks_on_a_second_connection_while_matching(tmp_path):
    from provenance import store
    from provenance.ingest import ingest_articles
    from provenance.read import Reader

    source = write_jsonl(tmp_path / "twelve.jsonl", range(12))
    path = str(tmp_path / "p.db")
    db = open_db(path)
    ingest_articles(db, Reader([str(source)]), search_batch=None)  # the CLI's way: left to the caller
    backlog = "select count(*) from search_backlog"
    entries = db.execute(backlog).fetchone()[0]
    assert entries >= 24  # articles, quotes and claims of each article
    assert db.execute("select count(*) from articles_fts where articles_fts match 'council'").fetchone() == (0,)
    # One chunk: the first entries holding at least max_rows rows, and only those.
    first = db.execute("select table_name, first_id, last_id from search_backlog order by table_name, first_id limit 1").fetchall()
    indexed = store.index_search_backlog(db, max_rows=1)
    assert indexed == first[0][2] - first[0][1] + 1
    assert db.execute(backlog).fetchone()[0] == entries - 1
    summary = store.match_database(db, index_search=True)
    assert summary.quotes >= 24
    assert db.execute(backlog).fetchone() == (0,)
    assert db.execute("select count(*) from articles_fts where articles_fts match 'council'").fetchone() == (12,)
    for table in ("articles", "quotes", "claims"):
        db.execute(f"insert into {table}_fts({table}_fts, rank) values('integrity-check', 1)")


def test_matching_indexes_the_backlog_of_a_database_in_memory():
    from provenance import store
    from provenance.attribute import extract
    from provenance.model import Article

    db = open_db()  # no file: no second connection, so the backlog is indexed after matching
    for number in range(3):
        store.save_extraction(db, extract(Article(text=synthetic_article(number)["text"])), defer_search=True)
    assert db.execute("select count(*) from search_backlog").fetchone()[0] > 0
    store.match_database(db, index_search=True)
    assert db.execute("select count(*) from search_backlog").fetchone() == (0,)
    assert db.execute("select count(*) from articles_fts where articles_fts match 'council'").fetchone() == (3,)


def interrupted_after(reader, count: int):
    """The reader's items, then Ctrl-C (KeyboardInterrupt) after ``count`` of them."""
    for number, item in enumerate(reader):
        if number == count:
            raise KeyboardInterrupt
        yield item


def test_interrupted_ingest_leaves_its_backlog_to_the_next_open(tmp_path):
    from provenance.ingest import ingest_articles
    from provenance.read import Reader

    source = write_jsonl(tmp_path / "ten.jsonl", range(10))
    path = str(tmp_path / "p.db")
    db = open_db(path)

    with pytest.raises(KeyboardInterrupt):  # Ctrl-C after four articles
        ingest_articles(db, interrupted_after(Reader([str(source)]), 4), search_batch=None)
    assert count_articles(path) == 4
    assert db.execute("select count(*) from search_backlog").fetchone()[0] > 0  # Ctrl-C did not stall on it
    reopened = open_db(path)
    assert reopened.execute("select count(*) from search_backlog").fetchone() == (0,)
    assert reopened.execute("select count(*) from articles_fts where articles_fts match 'council'").fetchone() == (4,)


def test_cli_ingest_leaves_everything_searchable(tmp_path):
    from click.testing import CliRunner

    from provenance.cli import cli

    source = write_jsonl(tmp_path / "five.jsonl", range(5))
    path = str(tmp_path / "p.db")
    result = CliRunner().invoke(cli, ["ingest", "--db", path, "-q", str(source)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from search_backlog").fetchone() == (0,)
    assert conn.execute("select count(*) from articles_fts where articles_fts match 'council'").fetchone() == (5,)
    for table in ("articles", "quotes", "claims"):
        conn.execute(f"insert into {table}_fts({table}_fts, rank) values('integrity-check', 1)")


def test_rows_written_by_other_tools_are_indexed_at_once(tmp_path):
    db = open_db(str(tmp_path / "p.db"))
    db["articles"].insert({"content_hash": "h", "identity_hash": "i", "text": "A ferry sank."})
    db["quotes"].insert({"article_id": 1, "text": "The ferry was overloaded"})
    assert db.execute("select rowid from quotes_fts where quotes_fts match 'overloaded'").fetchall() == [(1,)]
    assert db.execute("select rowid from articles_fts where articles_fts match 'ferry'").fetchall() == [(1,)]


def test_serving_indexes_what_an_interrupted_ingest_left_unindexed(tmp_path):
    from provenance.serve import checkpoint
    from provenance.store import save_extraction
    from provenance.attribute import extract
    from provenance.model import Article

    path = str(tmp_path / "p.db")
    db = open_db(path)
    save_extraction(db, extract(Article(text="“The dam will hold,” said Ana Lopes.", outlet="X")), defer_search=True)
    db.conn.close()  # as if the ingest died before its next batch
    checkpoint(path)  # what `provenance serve` does before opening the file immutable
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from search_backlog").fetchone() == (0,)
    assert conn.execute("select rowid from quotes_fts where quotes_fts match 'dam'").fetchall() == [(1,)]


def index_names(db) -> set[str]:
    return {row[0] for row in db.execute("select name from sqlite_master where type = 'index' and name like 'idx_%'")}


def test_bulk_load_builds_the_deferred_indexes_again_at_its_end(tmp_path):
    from provenance import store
    from provenance.ingest import ingest_articles
    from provenance.read import Reader

    source = write_jsonl(tmp_path / "ten.jsonl", range(10))
    db = open_db(str(tmp_path / "p.db"))
    complete = index_names(db)
    deferred = {f"idx_{table}_{column}" for table, columns in store.BULK_DEFERRED_INDEXES.items() for column in columns}
    assert deferred <= complete
    seen = []
    summary = ingest_articles(db, Reader([str(source)]), bulk_check=3, on_article=lambda s: seen.append(index_names(db)))
    assert summary.new == 10
    assert seen[0] == complete and seen[-1] == complete - deferred  # dropped once the run was large
    assert index_names(db) == complete  # and built again at its end
    assert db.execute("pragma integrity_check").fetchone() == ("ok",)
    quotes_of_one_article = "select count(*) from quotes indexed by idx_quotes_article_id where article_id = 1"
    assert db.execute(quotes_of_one_article).fetchone() == (2,)


def test_small_run_into_a_larger_database_keeps_its_indexes(tmp_path):
    from provenance.ingest import ingest_articles
    from provenance.read import Reader

    db = open_db(str(tmp_path / "p.db"))
    ingest_articles(db, Reader([str(write_jsonl(tmp_path / "first.jsonl", range(20)))]), bulk_check=None)
    complete = index_names(db)
    seen = []
    ingest_articles(db, Reader([str(write_jsonl(tmp_path / "more.jsonl", range(20, 26)))]), bulk_check=3,
                    on_article=lambda s: seen.append(index_names(db)))
    assert seen and all(names == complete for names in seen)  # 6 articles never outweigh 20


def test_interrupted_bulk_load_restores_its_indexes(tmp_path):
    from provenance.ingest import ingest_articles
    from provenance.read import Reader

    source = write_jsonl(tmp_path / "ten.jsonl", range(10))
    db = open_db(str(tmp_path / "p.db"))
    complete = index_names(db)

    with pytest.raises(KeyboardInterrupt):  # Ctrl-C after seven articles, the load gone bulk at three
        ingest_articles(db, interrupted_after(Reader([str(source)]), 7), bulk_check=3)
    assert index_names(db) == complete


def test_next_open_restores_indexes_a_killed_bulk_load_dropped(tmp_path):
    from provenance import store

    path = str(tmp_path / "p.db")
    db = open_db(path)
    complete = index_names(db)
    store.drop_deferred_indexes(db)  # as a bulk load does, then dies before its end
    assert index_names(db) < complete
    db.conn.close()
    assert index_names(open_db(path)) == complete
