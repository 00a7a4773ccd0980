"""The ingest command: summary, --json, --quiet, error lines, exit status, versions."""

import json

import sqlite_utils
from click.testing import CliRunner

from provenance.cli import cli


def ingest(*args, input=None):
    return CliRunner().invoke(cli, ["ingest", *map(str, args)], input=input, catch_exceptions=False)


def article(number: int, speaker: str = "Jane Smith") -> str:
    surname = speaker.split()[-1]
    return (f"The council met on Monday to discuss plan number {number}.\n\n"
            f"“Plan {number} will cut the waiting lists by half,” said {speaker}, the health minister.\n\n"
            f"{surname} added that the plan would cost {number} million euros.\n")


def make_batch(tmp_path):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "good1.txt").write_text("outlet: AFP\ndate: 2023-09-24\n\n" + article(1))
    (batch / "good2.txt").write_text(article(2, "Tom Brown"))
    (batch / "empty.txt").write_text("")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    (batch / "bad-date.txt").write_text("date: 2023-02-30\n\n" + article(3))
    (batch / "records.jsonl").write_text(json.dumps({"text": article(4), "outlet": "Reuters"}) + "\n{oops\n")
    return batch


def test_bad_inputs_one_line_each_rest_loads_exit_1(tmp_path):
    batch = make_batch(tmp_path)
    db_path = tmp_path / "p.db"
    result = ingest(batch, "--db", db_path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: {batch}/bad-date.txt: impossible date '2023-02-30' (day is out of range for month)",
        f"error: {batch}/binary.txt: binary file (contains NUL bytes), not text",
        f"error: {batch}/empty.txt: empty file",
        f"error: {batch}/records.jsonl:2: malformed JSON line: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ]
    assert "3 new, 0 unchanged, 4 failed articles (0 new versions)" in result.output
    db = sqlite_utils.Database(db_path)
    assert sorted(r["source_path"] for r in db["articles"].rows) == sorted(
        [f"{batch}/good1.txt", f"{batch}/good2.txt", f"{batch}/records.jsonl:1"])


def test_json_summary_for_scripts(tmp_path):
    batch = make_batch(tmp_path)
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["ingest", str(batch), "--db", str(db_path), "--json"])
    summary = json.loads(result.stdout)
    assert summary["new"] == 3 and summary["unchanged"] == 0 and summary["failed"] == 4
    assert summary["articles"] == 7
    db = sqlite_utils.Database(db_path)
    assert summary["quotes"] == db["quotes"].count and summary["quotes"] >= 3
    assert summary["claims"] == db["claims"].count
    assert {e["source"] for e in summary["errors"]} == {
        f"{batch}/bad-date.txt", f"{batch}/binary.txt", f"{batch}/empty.txt", f"{batch}/records.jsonl:2"}
    again = json.loads(CliRunner().invoke(cli, ["ingest", str(batch), "--db", str(db_path), "--json"]).stdout)
    assert (again["new"], again["unchanged"], again["quotes"]) == (0, 3, 0)


def test_quiet_prints_only_errors(tmp_path):
    batch = make_batch(tmp_path)
    result = CliRunner().invoke(cli, ["ingest", str(batch), "--db", str(tmp_path / "p.db"), "--quiet"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert all(line.startswith("error: ") for line in result.stderr.splitlines())
    assert len(result.stderr.splitlines()) == 4


def test_clean_batch_exits_zero(tmp_path):
    (tmp_path / "a.txt").write_text(article(1))
    result = ingest(tmp_path / "a.txt", "--db", tmp_path / "p.db")
    assert result.exit_code == 0, result.output
    assert "1 new, 0 unchanged, 0 failed articles" in result.output


def test_stdin_and_overrides(tmp_path):
    db_path = tmp_path / "p.db"
    result = ingest("-", "--db", db_path, "--outlet", "AFP", "--published", "24 Sep 2023", "--url", "https://afp.example/1",
                    input=article(5))
    assert result.exit_code == 0, result.output
    row = next(sqlite_utils.Database(db_path)["articles"].rows)
    assert (row["outlet"], row["published"], row["url"], row["source_path"]) == ("AFP", "2023-09-24", "https://afp.example/1", "-")


def test_impossible_published_option_is_a_usage_error(tmp_path):
    (tmp_path / "a.txt").write_text(article(1))
    result = ingest(tmp_path / "a.txt", "--db", tmp_path / "p.db", "--published", "2023-02-30")
    assert result.exit_code == 2
    assert "Invalid value for --published: impossible date '2023-02-30'" in result.output


def test_reingest_is_idempotent(tmp_path):
    batch = make_batch(tmp_path)
    db_path = tmp_path / "p.db"
    ingest(batch, "--db", db_path)
    db = sqlite_utils.Database(db_path)
    before = {t: db[t].count for t in ("articles", "quotes", "claims", "speakers", "speaker_aliases")}
    result = ingest(batch, "--db", db_path)
    assert "0 new, 3 unchanged" in result.output
    assert {t: db[t].count for t in before} == before


def test_same_url_changed_text_is_a_linked_new_version(tmp_path):
    db_path = tmp_path / "p.db"
    url = "https://daily.example/story"
    first = tmp_path / "v1.txt"
    first.write_text(f"url: {url}\n\n" + article(1))
    second = tmp_path / "v2.txt"
    second.write_text(f"url: {url}\n\n" + article(1) + "\nUpdate: the minister later corrected the figure.\n")
    ingest(first, "--db", db_path)
    result = ingest(second, "--db", db_path)
    assert "1 new, 0 unchanged, 0 failed articles (1 new versions)" in result.output
    third = tmp_path / "v3.txt"
    third.write_text(f"url: {url}\n\n" + article(1) + "\nUpdate: corrected twice.\n")
    ingest(third, "--db", db_path)
    rows = list(sqlite_utils.Database(db_path).query(
        "select id, previous_version_id, text from articles where url = ? order by id", [url]))
    assert len(rows) == 3
    assert rows[0]["previous_version_id"] is None
    assert rows[1]["previous_version_id"] == rows[0]["id"]
    assert rows[2]["previous_version_id"] == rows[1]["id"]
    assert "corrected the figure" in rows[1]["text"]
    # the old version's quotes are kept: nothing is overwritten
    counts = sqlite_utils.Database(db_path).execute(
        "select article_id, count(*) from quotes group by article_id order by article_id").fetchall()
    assert [article_id for article_id, _ in counts] == [r["id"] for r in rows]


def test_parallel_parsing_stores_the_same_rows_in_the_same_order(tmp_path):
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"text": article(n, ["Jane Smith", "Tom Brown", "Ann Lee"][n % 3])}) + "\n"
                              for n in range(40)) + "{broken\n")
    rows = {}
    for jobs in (1, 2):
        db_path = tmp_path / f"jobs{jobs}.db"
        result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db_path), "--jobs", str(jobs), "--json"])
        assert result.exit_code == 1  # the broken last line, decoded in a worker when jobs = 2
        assert json.loads(result.stdout)["new"] == 40
        assert f"error: {source}:41: malformed JSON line" in result.stderr
        db = sqlite_utils.Database(db_path)
        rows[jobs] = (
            [r["text"] for r in db.query("select text from articles order by id")],
            list(db.query("select q.article_id, q.text, q.start, s.name from quotes q "
                          "left join speakers s on s.id = q.speaker_id order by q.id")),
            list(db.query("select article_id, text, start from claims order by id")),
        )
    assert rows[1] == rows[2]
    assert len(rows[1][1]) >= 40


_PARENT_PID = None


def _dies_in_a_worker(batch):
    """Forked parser workers run this: the first one to get a batch dies at once."""
    import os

    from provenance.ingest import extract_one

    if os.getpid() != _PARENT_PID:
        os._exit(1)
    return [extract_one(pair) for pair in batch]


def test_a_dying_parser_worker_does_not_hang_or_lose_articles(tmp_path, monkeypatch):
    import os

    import provenance.ingest as ingest_module

    global _PARENT_PID
    _PARENT_PID = os.getpid()
    monkeypatch.setattr(ingest_module, "extract_batch", _dies_in_a_worker)
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps({"text": article(n)}) + "\n" for n in range(30)))
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["ingest", str(source), "--db", str(db_path), "--jobs", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 30
    texts = [r["text"] for r in sqlite_utils.Database(db_path).query("select text from articles order by id")]
    assert [t.split("plan number ")[1].split(".")[0] for t in texts] == [str(n) for n in range(30)]


def test_html_and_warc_parsed_in_workers(tmp_path):
    """trafilatura runs where the parsing runs: the same rows with one process or two."""
    from test_read import PAGE, _warc

    inputs = tmp_path / "web"
    inputs.mkdir()
    (inputs / "page.html").write_text(PAGE, encoding="utf-8")
    (inputs / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    other = PAGE.replace("Jane Smith", "Tom Brown").replace("daily.example/2023/09/tax", "daily.example/2023/09/bridge")
    _warc(inputs / "crawl.warc.gz", [
        ("https://daily.example/2023/09/bridge", "200 OK", "text/html", other.encode(), "2023-09-25T08:00:00Z"),
    ], gzip=True)
    stored = {}
    for jobs in (1, 2):
        db_path = tmp_path / f"web{jobs}.db"
        result = CliRunner().invoke(cli, ["ingest", str(inputs), "--db", str(db_path), "--jobs", str(jobs), "--json"])
        summary = json.loads(result.stdout)
        assert result.exit_code == 1
        assert (summary["new"], summary["failed"]) == (2, 1)
        assert summary["errors"] == [{"source": f"{inputs}/broken.html",
                                      "reason": "no article text found in the HTML (malformed, empty, or not an article page)"}]
        stored[jobs] = list(sqlite_utils.Database(db_path).query(
            "select a.url, a.outlet, a.published, s.name from articles a join quotes q on q.article_id = a.id "
            "left join speakers s on s.id = q.speaker_id order by a.id, q.id"))
    assert stored[1] == stored[2]
    assert {(r["url"], r["name"]) for r in stored[1]} >= {
        ("https://daily.example/2023/09/bridge", "Tom Brown"), ("https://daily.example/2023/09/tax", "Jane Smith")}


def test_a_file_that_is_not_a_database(tmp_path):
    (tmp_path / "a.txt").write_text(article(1))
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("these are my notes, not SQLite\n" * 200)
    result = ingest(tmp_path / "a.txt", "--db", not_a_db)
    assert result.exit_code == 1
    assert f"Error: {not_a_db}: cannot open the database: file is not a database" in result.output
    assert not_a_db.read_text().startswith("these are my notes")


def test_database_locked_past_the_busy_timeout_is_one_clear_error(tmp_path, monkeypatch):
    import sqlite3

    from provenance import store

    (tmp_path / "a.txt").write_text(article(1))
    db_path = tmp_path / "p.db"
    assert ingest(tmp_path / "a.txt", "--db", db_path).exit_code == 0
    (tmp_path / "b.txt").write_text(article(2))
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("begin immediate")  # another writer that never lets go
    try:
        result = ingest(tmp_path / "b.txt", "--db", db_path)
    finally:
        holder.execute("rollback")
        holder.close()
    assert result.exit_code == 1
    assert f"Error: {db_path}: cannot open the database: database is locked" in result.output
    assert sqlite_utils.Database(db_path)["articles"].count == 1


def test_a_wire_story_run_verbatim_by_two_outlets_is_two_articles(tmp_path):
    db_path = tmp_path / "p.db"
    story = tmp_path / "story.txt"
    story.write_text(article(7))
    ingest(story, "--db", db_path, "--outlet", "AFP")
    result = ingest(story, "--db", db_path, "--outlet", "Daily Example")
    assert "1 new, 0 unchanged" in result.output
    assert "1 new, 0 unchanged" not in ingest(story, "--db", db_path, "--outlet", "AFP").output  # unchanged
    db = sqlite_utils.Database(db_path)
    rows = list(db.query("select id, outlet, content_hash, previous_version_id, n_quotes from articles order by id"))
    assert [r["outlet"] for r in rows] == ["AFP", "Daily Example"]
    assert rows[0]["content_hash"] == rows[1]["content_hash"]  # the same words…
    assert rows[1]["previous_version_id"] is None  # …not a new version of the other
    quotes = db.execute("select article_id, count(*) from quotes group by article_id").fetchall()
    assert quotes == [(rows[0]["id"], rows[0]["n_quotes"]), (rows[1]["id"], rows[1]["n_quotes"])]


def test_database_from_before_identity_hash_is_upgraded(tmp_path):
    """Old databases kept the text hash unique; opening one fills identity_hash and lets copies in."""
    from provenance.store import article_identity

    db_path = tmp_path / "old.db"
    story = tmp_path / "story.txt"
    story.write_text(article(8))
    ingest(story, "--db", db_path, "--outlet", "AFP")
    db = sqlite_utils.Database(db_path)
    with db.atomic():  # put it back the way the first schema had it
        db.execute("update articles set identity_hash = null")
        db.execute("drop index idx_articles_identity_hash")
        db.execute("drop index idx_articles_content_hash")
        db.execute("create unique index idx_articles_content_hash on articles (content_hash)")
    assert "0 new, 1 unchanged" in ingest(story, "--db", db_path, "--outlet", "AFP").output
    row = next(db.query("select text, outlet, url, identity_hash from articles"))
    assert row["identity_hash"] == article_identity(row["text"], row["outlet"], row["url"])
    assert "1 new, 0 unchanged" in ingest(story, "--db", db_path, "--outlet", "Reuters").output


def test_a_worker_dying_before_the_rest_is_handed_out_loses_nothing(tmp_path, monkeypatch):
    """The pool breaks while input is still being handed to it (a slow reader): the refused
    batch and the rest are parsed here, in order."""
    import os
    import time as clock

    import provenance.ingest as ingest_module
    from provenance.model import Article

    global _PARENT_PID
    _PARENT_PID = os.getpid()
    monkeypatch.setattr(ingest_module, "extract_batch", _dies_in_a_worker)

    def slow_reader():
        for n in range(30):
            if n == ingest_module.BATCH:
                clock.sleep(1.0)  # the first worker has died by now; the next submit is refused
            yield f"a{n}", Article(text=article(n), path=f"a{n}")

    done = list(ingest_module.extractions(slow_reader(), jobs=2))
    assert [source for source, _ in done] == [f"a{n}" for n in range(30)]
    assert all(hasattr(item, "quotes") for _, item in done)


def test_database_from_before_quote_fragments_gets_the_column(tmp_path):
    """A database made before quotes.fragments existed is upgraded when opened: its quotes are
    kept, and a split quotation loads with its fragments."""
    db_path = tmp_path / "old.db"
    first = tmp_path / "first.txt"
    first.write_text(article(3))
    ingest(first, "--db", db_path, "-q")
    db = sqlite_utils.Database(db_path)
    db.execute("alter table quotes drop column fragments")
    db.conn.commit()
    assert "fragments" not in db["quotes"].columns_dict
    split = tmp_path / "split.txt"
    split.write_text("“We don't know yet,” Lena Hart said. “But we will find out.”\n")
    assert ingest(split, "--db", db_path, "-q").exit_code == 0
    rows = list(sqlite_utils.Database(db_path).query("select text, fragments from quotes order by id"))
    assert rows[0]["fragments"] is None and rows[0]["text"].startswith("Plan 3")
    assert json.loads(rows[1]["fragments"]) == [[1, 18], [38, 59]]
