import json
import sqlite3

import sqlite_utils
from click.testing import CliRunner

from provenance.cli import cli
from provenance.clean import clean_text
from provenance.store import ensure_db_shape


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


def test_clean_strips_scrape_noise_and_reads_glued_date():
    text, meta = clean_text(
        " date 2023-09-24 The prime minister spoke.\n\n(You can read: Other story)\n\n"
        "(See also: More)\n\n(In context: Talks)\n\nIt proved ineffective. See also First RFEF Group 2: results\n\n"
        "[ad_1]\nSource link"
    )
    assert meta == {"published": "2023-09-24"}
    assert text == "The prime minister spoke.\n\nIt proved ineffective."


def test_extract_json_shape_and_offsets(article_dir):
    result = run("extract", "--format", "json", str(article_dir))
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert set(first) == {"article", "quotes", "claims"}
    assert first["article"]["published"] == "2023-09-24"
    text = first["article"]["text"]
    assert "(Also:" not in text and "[ad_2]" not in text and "Source link" not in text
    assert first["quotes"], "quotes expected"
    for item in first["quotes"] + first["claims"]:
        assert text[item["start"]:item["end"]] == item["text"]
    speakers = {q["text"][:30]: q["speaker"] for q in first["quotes"]}
    assert speakers["The foreign security system in"] == "Nikol Pashinyan"
    assert speakers["It is more about blackmail"] == "Beniamin Matevossian"
    second = json.loads(lines[1])
    assert second["article"]["outlet"] == "The Guardian"
    assert second["article"]["published"] == "2022-11-25"


def test_extract_writes_nothing(tmp_path, article_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    run("extract", "--format", "json", str(article_dir))
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_extract_stdin_with_overrides():
    result = run("extract", "--format", "json", "--outlet", "AFP", "--published", "2023-01-02", "-",
                 input="“We will win,” Jane Smith said.\n")
    record = json.loads(result.output)
    assert record["article"]["outlet"] == "AFP"
    assert record["article"]["published"] == "2023-01-02"
    assert record["quotes"][0]["speaker"] == "Jane Smith"


def test_ingest_is_idempotent(tmp_path, article_dir):
    db_path = str(tmp_path / "p.db")
    assert run("ingest", str(article_dir), "--db", db_path).exit_code == 0
    db = sqlite_utils.Database(db_path)
    counts = {t: db[t].count for t in ("articles", "quotes", "claims", "speakers")}
    assert counts["articles"] == 2 and counts["quotes"] >= 3
    result = run("ingest", str(article_dir), "--db", db_path)
    assert "0 new, 2 unchanged" in result.output
    assert {t: db[t].count for t in counts} == counts


def test_foreign_keys_declared_and_shape_idempotent():
    db = sqlite_utils.Database(memory=True)
    ensure_db_shape(db)
    ensure_db_shape(db)
    fks = {(fk.column, fk.other_table) for fk in db["quotes"].foreign_keys}
    assert {("article_id", "articles"), ("speaker_id", "speakers"), ("cluster_id", "quote_clusters")} <= fks
    assert {(fk.column, fk.other_table) for fk in db["claims"].foreign_keys} >= {("article_id", "articles"), ("speaker_id", "speakers")}
    assert db["quotes_fts"].exists() and db["claims_fts"].exists()


def test_speaker_names_stored_and_linked(tmp_path, article_dir):
    db_path = str(tmp_path / "p.db")
    run("ingest", str(article_dir), "--db", db_path)
    conn = sqlite3.connect(db_path)
    rows = conn.execute(
        "select speakers.name from quotes join speakers on speakers.id = quotes.speaker_id "
        "where quotes.text like 'The foreign security%'"
    ).fetchall()
    assert rows == [("Nikol Pashinyan",)]
    # Both articles' Pashinyan quotes point at one speaker row.
    (n,) = conn.execute("select count(*) from speakers where name = 'Nikol Pashinyan'").fetchone()
    assert n == 1


def test_bad_file_reported_rest_loads(tmp_path, article_dir):
    (article_dir / "empty.txt").write_text("")
    (article_dir / "bad.jsonl").write_text('{"text": "ok text here said Bob."}\n{not json\n')
    db_path = str(tmp_path / "p.db")
    result = run("ingest", str(article_dir), "--db", db_path)
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.output
    assert "bad.jsonl:2: malformed JSON" in result.output
    assert sqlite_utils.Database(db_path)["articles"].count == 3


def test_eval_scores_a_small_corpus(tmp_path):
    text = "“We will win,” Jane Smith said. The sky is blue."
    record = {"text": text, "outlet": "X", "date": "2020-01-01",
              "quotes": [{"start": 1, "end": 12, "speaker": "Jane Smith", "kind": "direct"},
                         {"start": 31, "end": 47, "speaker": "Bob Jones", "kind": "indirect"}]}
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps(record) + "\n")
    result = run("eval", str(corpus), "--json")
    score = json.loads(result.output)
    assert score["gold"] == 2 and score["recall"] == 0.5
    assert score["precision"] == 1.0 and score["speaker_accuracy"] == 1.0
