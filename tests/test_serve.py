import json
import pathlib

import pytest
from click.testing import CliRunner
from datasette.app import Datasette

from provenance.cli import cli
from provenance.serve import build_metadata, datasette_args
from provenance.store import TABLES


def test_metadata_describes_every_table_and_column():
    metadata = build_metadata()
    tables = metadata["databases"]["provenance"]["tables"]
    for table, spec in TABLES.items():
        assert tables[table]["description"], table
        assert set(tables[table]["columns"]) == set(spec["columns"]), table
        missing = [column for column, text in tables[table]["columns"].items() if not text]
        assert not missing, f"{table}: describe {missing} in serve.COLUMN_DESCRIPTIONS"


def test_committed_metadata_matches_code():
    committed = json.loads((pathlib.Path(__file__).parents[1] / "db" / "metadata.json").read_text())
    assert committed == build_metadata(), "regenerate: python -m provenance.serve > db/metadata.json"


def test_serve_args_are_safe():
    args = datasette_args("x.db", "m.json")
    assert args[args.index("-h") + 1] == "127.0.0.1"
    assert "-i" in args and "sql_time_limit_ms" in args


@pytest.mark.asyncio
async def test_datasette_loads_metadata_and_quotes(tmp_path, article_dir):
    db_path = tmp_path / "provenance.db"
    CliRunner().invoke(cli, ["ingest", str(article_dir), "--db", str(db_path)], catch_exceptions=False)
    ds = Datasette([str(db_path)], immutables=[], metadata=build_metadata())
    response = await ds.client.get("/provenance/quotes.json?_shape=array&_labels=on")
    assert response.status_code == 200
    rows = response.json()
    assert any(isinstance(r["speaker_id"], dict) and r["speaker_id"]["label"] == "Nikol Pashinyan" for r in rows)
    ratio = await ds.client.get("/provenance.json?sql=select+fuzz_ratio('abc','abd')+as+r&_shape=array")
    assert ratio.json()[0]["r"] > 60


# ---- provenance pages, SQL functions and safe serving, on the fixture database --------------

import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from test_serve_fixture import IMG, SCRIPT, build_fixture_db  # noqa: E402

from provenance import datasette_plugin  # noqa: E402
from provenance.serve import CANNED_QUERIES, SQL_TIME_LIMIT_MS, build_datasette  # noqa: E402
from provenance.store import VIEWS, open_db  # noqa: E402

UNESCAPED = ["<script>window.__xss", "<img src=x onerror"]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    return build_fixture_db(tmp_path_factory.mktemp("serve"))


@pytest.fixture
def ds(fixture_db):
    return build_datasette(str(fixture_db))


def test_metadata_covers_every_column_of_the_real_schema():
    db = open_db()
    described = build_metadata()["databases"]["provenance"]["tables"]
    for name in list(TABLES) + list(VIEWS):
        assert described[name]["description"], name
        assert set(db[name].columns_dict) == set(described[name]["columns"]), name
        assert all(described[name]["columns"].values()), name


def test_metadata_has_title_source_licence_facets_and_fts():
    metadata = build_metadata()
    assert metadata["title"] and metadata["description"] and metadata["source"] and metadata["license"]
    tables = metadata["databases"]["provenance"]["tables"]
    for table in ("quotes", "claims", "articles"):
        assert tables[table]["fts_table"] == f"{table}_fts"
    view_facets = tables["quotes_by_speaker"]["facets"]
    assert {"outlet", "speaker", "kind", "date"} <= {f if isinstance(f, str) else next(iter(f)) for f in view_facets}
    assert tables["articles"]["sort_desc"] == "published"


@pytest.mark.asyncio
async def test_served_immutable_with_time_limit(ds):
    databases = (await ds.client.get("/-/databases.json")).json()
    assert [d["is_mutable"] for d in databases if d["name"] == "provenance"] == [False]
    settings = (await ds.client.get("/-/settings.json")).json()
    assert settings["sql_time_limit_ms"] == SQL_TIME_LIMIT_MS


@pytest.mark.asyncio
async def test_home_links_the_provenance_pages(ds):
    html = (await ds.client.get("/")).text
    for page in datasette_plugin.PAGES:
        assert f'href="/-/{page}"' in html
    assert "7 articles from 7 outlets" in html and "2 likely spun copies" in html


@pytest.mark.asyncio
async def test_labels_facets_and_search(ds):
    rows = (await ds.client.get("/provenance/quotes.json?_shape=array&_labels=on")).json()
    assert any(r["speaker_id"] and r["speaker_id"]["label"] == "Nikol Pashinyan" for r in rows)
    facets = (await ds.client.get("/provenance/quotes_by_speaker.json?_size=0")).json()["facet_results"]
    outlets = {item["value"] for item in facets["outlet"]["results"]}
    assert {"Caucasus Wire", "spinfarm.example", "Original Herald"} <= outlets
    assert facets["published"]["type"] == "date" and "2022-11-25" in {i["value"] for i in facets["published"]["results"]}
    assert {i["value"] for i in facets["speaker"]["results"]} >= {"Nikol Pashinyan", "Beniamin Matevossian"}
    found = (await ds.client.get("/provenance/quotes_by_speaker.json?_search=blackmail&_shape=array")).json()
    assert found and all("blackmail" in r["text"] for r in found)
    articles = (await ds.client.get("/provenance/articles.json?_shape=array")).json()
    dates = [a["published"] for a in articles if a["published"]]
    assert dates == sorted(dates, reverse=True)  # newest first


@pytest.mark.asyncio
async def test_quote_cells_link_to_first_appearance(ds):
    html = (await ds.client.get("/provenance/quotes_by_speaker?_search=blackmail")).text
    assert html.count('class="first-appearance-link" href="/-/first-appearance?q=It+is+') == 2
    assert html.count('class="speaker-link" href="/-/speaker?name=Beniamin+Matevossian"') == 2


@pytest.mark.asyncio
async def test_first_appearance_finds_cluster_with_outlets_in_date_order_and_diff(ds):
    html = (await ds.client.get("/-/first-appearance", params={"q": "It's depressing that Armenia's membership in the CSTO did not deter"})).text
    assert "First appeared:" in html
    first = html.index("First appeared:")
    assert "Original Herald" in html[first:first + 400]  # 2022-11-25, before the spun copy
    assert html.index("2022-11-25 — Original Herald") < html.index("2022-11-26 — newsfarm.example")
    assert "<del>depressing</del><ins>miserable</ins>" in html
    assert "<del>in</del><ins>within</ins>" in html


@pytest.mark.asyncio
async def test_large_cluster_shows_earliest_versions_and_the_count(ds, monkeypatch):
    monkeypatch.setattr(datasette_plugin, "MAX_VERSIONS", 2)
    cluster = await datasette_plugin.load_cluster(ds.get_database(), 1)
    assert cluster.total == 3 and [v["outlet"] for v in cluster.versions] == ["Caucasus Wire", "Yerevan Evening"]
    html = (await ds.client.get("/-/changed-wording")).text
    assert "The earliest 2 of 3 versions are shown" in html


@pytest.mark.asyncio
async def test_first_appearance_through_fts_candidates_on_a_large_database(ds, monkeypatch):
    monkeypatch.setattr(datasette_plugin, "FULL_SCAN_MAX_QUOTES", 0)  # behave as on a big database
    db = ds.get_database()
    condition, params = await datasette_plugin.candidate_filter(db, "The foreign security system proved ineffective")
    assert "quotes_fts" in condition and "security" in params["fts"]
    clusters = await datasette_plugin.find_clusters(db, "The foreign security system in which Armenia is involved proved ineffective")
    outlets = [o["outlet"] for o in clusters[0].outlets]
    assert outlets == ["Caucasus Wire", "Yerevan Evening", "spinfarm.example"]


@pytest.mark.asyncio
async def test_sql_time_limit_stops_a_runaway_query(ds):
    endless = "with recursive n(x) as (select 1 union all select x + 1 from n) select count(*) from n"
    response = await ds.client.get("/provenance.json", params={"sql": endless})
    assert response.status_code == 400
    assert "too long" in response.text


@pytest.mark.asyncio
async def test_changed_wording_pages(ds, monkeypatch):
    monkeypatch.setattr(datasette_plugin, "CHANGED_PER_PAGE", 3)
    first = (await ds.client.get("/-/changed-wording")).text
    second = (await ds.client.get("/-/changed-wording?page=2")).text
    assert first.count('class="cluster"') == 3 and 'href="/-/changed-wording?page=2"' in first
    assert second.count('class="cluster"') == 1 and 'href="/-/changed-wording?page=1"' in second
    assert "page=3" not in second
    assert (await ds.client.get("/-/changed-wording?page=x")).status_code == 200


@pytest.mark.asyncio
async def test_article_page_marks_quotes_in_context(ds, fixture_db):
    conn = sqlite3.connect(fixture_db)
    article_id, quote_id, text = conn.execute(
        "select article_id, id, text from quotes where text like 'It is extra about blackmail%'").fetchone()
    conn.close()
    html = (await ds.client.get(f"/-/article/{article_id}")).text
    assert f'<mark id="quote-{quote_id}" title="Beniamin Matevossian (stated)">{text}</mark>' in html
    assert "spinfarm.example" in html and "looks like a spun copy of" in html
    assert (await ds.client.get("/-/article/99999")).status_code == 404
    table = (await ds.client.get("/provenance/articles?outlet=spinfarm.example")).text
    assert f'class="article-link" href="/-/article/{article_id}"' in table
    cluster_page = (await ds.client.get("/-/first-appearance?q=more+about+blackmail+than+a+change")).text
    assert f'href="/-/article/{article_id}#quote-{quote_id}"' in cluster_page


@pytest.mark.asyncio
async def test_first_appearance_as_json(ds):
    data = (await ds.client.get("/-/first-appearance.json?q=more+about+blackmail+than+a+change")).json()
    cluster = data["clusters"][0]
    assert [v["outlet"] for v in cluster["versions"]] == ["Caucasus Wire", "spinfarm.example"]
    assert {"op": "insert", "text": "extra"} in cluster["versions"][1]["segments"]


@pytest.mark.asyncio
async def test_first_appearance_groups_unclustered_quotes_on_the_fly(tmp_path):
    db_path = tmp_path / "plain.db"
    db = open_db(str(db_path))
    a = db["articles"].insert({"outlet": "A", "published": "2020-01-01", "text": "x", "content_hash": "a"}).last_pk
    b = db["articles"].insert({"outlet": "B", "published": "2020-01-05", "text": "y", "content_hash": "b"}).last_pk
    db["quotes"].insert_all([
        {"article_id": b, "text": "We will never give up our land", "kind": "full"},
        {"article_id": a, "text": "We shall never give up our land", "kind": "full"},
    ])
    db.conn.close()
    html = (await build_datasette(str(db_path)).client.get("/-/first-appearance?q=never+give+up+our+land")).text
    assert "grouped on the fly" in html and "2020-01-01 in <strong>A</strong>" in html
    assert "<del>shall</del><ins>will</ins>" in html


@pytest.mark.asyncio
async def test_speaker_changed_wording_and_spun_pages(ds):
    speaker = (await ds.client.get("/-/speaker?name=Pashinyan")).text
    assert "Nikol Pashinyan" in speaker and "Original Herald" in speaker and "spinfarm.example" in speaker
    changed = (await ds.client.get("/-/changed-wording")).text
    assert "<del>foreign</del><ins>international</ins>" in changed
    spun = (await ds.client.get("/-/spun-copies")).text
    assert "spinfarm.example" in spun and "Caucasus Wire" in spun and "<ins>miserable</ins>" in spun


@pytest.mark.asyncio
@pytest.mark.parametrize("name", sorted(CANNED_QUERIES))
async def test_canned_queries_answer(ds, name):
    params = {"quote": "foreign security system proved ineffective", "speaker": "Matevossian"}
    response = await ds.client.get(f"/provenance/{name}.json", params={**params, "_shape": "array"})
    assert response.status_code == 200, response.text
    assert response.json(), name


def test_sql_functions_outside_datasette():
    conn = sqlite3.connect(":memory:")
    datasette_plugin.register_functions(conn)
    assert conn.execute("select fuzz_ratio('abc', 'abc')").fetchone()[0] == 100
    assert conn.execute("select fuzz_partial_ratio('security system', 'the security system failed')").fetchone()[0] == 100
    assert conn.execute("select fuzz_token_set_ratio('a b c', 'c b a')").fetchone()[0] == 100
    assert conn.execute("select fuzz_ratio(null, 'x')").fetchone()[0] is None
    assert conn.execute("select word_diff('did not deter', 'didn’t deter')").fetchone()[0] == "[-did not-]{+didn’t+} deter"


def test_serve_works_when_entry_points_are_not_loaded(fixture_db):
    """Datasette skips entry points when sys._called_from_test is set: our explicit registration
    must still give the pages, templates and SQL functions."""
    script = (
        "import sys, asyncio; sys._called_from_test = True\n"
        "from datasette.plugins import pm\n"
        "assert not any('provenance' in (n or '') for n, _ in pm.list_name_plugin())\n"
        "from provenance.serve import build_datasette\n"
        f"ds = build_datasette({str(fixture_db)!r})\n"
        "async def main():\n"
        "    page = await ds.client.get('/-/first-appearance?q=about+blackmail+than+a+change')\n"
        "    home = await ds.client.get('/')\n"
        "    fuzz = await ds.client.get('/provenance.json?sql=select+fuzz_ratio(1,1)+as+r&_shape=array')\n"
        "    print(page.status_code, 'First appeared' in page.text, 'Provenance questions' in home.text, fuzz.json())\n"
        "asyncio.run(main())\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "200 True True [{'r': 100.0}]", result.stderr


def test_plugin_registers_without_entry_points():
    from datasette.plugins import pm

    from provenance.serve import register_plugin

    was_registered = pm.is_registered(datasette_plugin)
    if was_registered:
        pm.unregister(datasette_plugin)
    try:
        register_plugin()
        assert pm.is_registered(datasette_plugin)
        register_plugin()  # idempotent
    finally:
        if not was_registered:
            pm.unregister(datasette_plugin)


def hostile_paths(ids):
    """Every kind of page that can show article, quote or speaker text."""
    paths = ["/", "/provenance", "/-/changed-wording", "/-/spun-copies",
             "/-/first-appearance?q=Nothing+here+should+run+in+a+browser", "/-/speaker?name=Mallory"]
    for table in ("articles", "quotes", "claims", "speakers", "speaker_aliases", "quote_clusters", "quotes_by_speaker"):
        paths += [f"/provenance/{table}", f"/provenance/{table}?_search=script"]
    paths += [f"/provenance/articles/{i}" for i in ids["articles"]]
    paths += [f"/-/article/{i}" for i in ids["articles"]]
    paths += [f"/provenance/quotes/{i}" for i in ids["quotes"]]
    paths += [f"/provenance/quote_clusters/{i}" for i in ids["clusters"]]
    paths += ["/provenance?sql=select+*+from+articles", "/provenance/articles?_facet=title&_facet=outlet"]
    paths += [f"/provenance/{name}?quote=Nothing+here+should+run&speaker=Mallory" for name in CANNED_QUERIES]
    return [p for p in paths if "_search" not in p or p.split("/")[2].split("?")[0] in ("articles", "quotes", "claims", "quotes_by_speaker")]


@pytest.mark.asyncio
async def test_article_markup_is_escaped_on_every_page(ds, fixture_db):
    conn = sqlite3.connect(fixture_db)
    ids = {
        "articles": [r[0] for r in conn.execute("select id from articles where text like '%<script>%'")],
        "quotes": [r[0] for r in conn.execute("select id from quotes where text like '%onerror%'")],
        "clusters": [r[0] for r in conn.execute("select distinct cluster_id from quotes where text like '%onerror%'")],
    }
    conn.close()
    assert ids["articles"] and ids["quotes"] and ids["clusters"]
    shown_escaped = 0
    for path in hostile_paths(ids):
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        for raw in UNESCAPED:
            assert raw not in response.text, (path, raw)
        shown_escaped += "&lt;script&gt;" in response.text or "&lt;img src=x onerror" in response.text
        assert 'href="javascript:' not in response.text, path
        if path.startswith(("/-/first-appearance", "/-/speaker", "/-/changed-wording", "/-/article")):
            assert "&lt;img src=x onerror" in response.text, path
    assert shown_escaped >= 15  # the markup was really on those pages, escaped
    assert SCRIPT and IMG


@pytest.mark.asyncio
async def test_pages_work_on_a_database_from_the_real_pipeline(tmp_path):
    """Seeds plus the hand-written copies through `provenance ingest` as a user runs it (the
    matcher's own clusters and flags, not the hand-made ones): every page answers."""
    from test_serve_fixture import ARTICLES, write_articles

    db_path = tmp_path / "provenance.db"
    paths = write_articles(tmp_path / "articles")
    for name, overrides, _ in ARTICLES:
        args = ["ingest", str(paths[name]), "--db", str(db_path)]
        for key, value in overrides.items():
            args += [f"--{key}", value]
        assert CliRunner().invoke(cli, args).exit_code == 0
    ds = build_datasette(str(db_path))
    pages = ["/", "/-/first-appearance?q=security+system+in+which+Armenia+is+involved", "/-/changed-wording",
             "/-/spun-copies", "/-/speaker?name=Waal", "/provenance/quotes_by_speaker", "/provenance/quote_clusters"]
    pages += [f"/provenance/{name}?quote=security+system&speaker=Waal" for name in CANNED_QUERIES]
    for path in pages:
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        for raw in UNESCAPED:
            assert raw not in response.text, (path, raw)
    first = (await ds.client.get(pages[1])).text
    assert "First appeared:" in first and "2023-09-24 in <strong>Caucasus Wire</strong>" in first


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = st.lists(st.sampled_from(["the", "CSTO", "did", "not", "didn’t", "deter", "<b>", "&", ",", " ", "  ", "’"]), max_size=12)


@given(WORDS.map("".join), WORDS.map("".join))
def test_diff_segments_rebuild_both_texts(old, new):
    segments = datasette_plugin.diff_segments(old, new)
    assert "".join(s["text"] for s in segments if s["op"] != "insert") == old
    assert "".join(s["text"] for s in segments if s["op"] != "delete") == new
    assert all(s["text"] for s in segments)


@given(st.text(max_size=40), st.text(max_size=40))
def test_quote_match_score_is_bounded(quote, pasted):
    score = datasette_plugin.quote_match_score(quote, pasted)
    assert 0 <= score <= 100


@pytest.mark.asyncio
async def test_article_page_marks_each_fragment_of_a_split_quote(tmp_path):
    """“A,” she said. “B.” is one stored quote with two fragments: the page marks both
    stretches, leaves "Lena Hart said" unmarked, and gives the quote one anchor."""
    path = tmp_path / "split.txt"
    path.write_text("“We don't know yet,” Lena Hart said. “But we will find out.”\n", encoding="utf-8")
    db_path = tmp_path / "provenance.db"
    CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db_path), "-q"], catch_exceptions=False)
    conn = sqlite3.connect(db_path)
    quote_id, fragments, text = conn.execute("select id, fragments, text from quotes").fetchone()
    conn.close()
    assert json.loads(fragments) == [[1, 18], [38, 59]] and text == "We don't know yet … But we will find out."
    html = (await build_datasette(str(db_path)).client.get("/-/article/1")).text
    assert html.count(f'id="quote-{quote_id}"') == 1
    assert f'<mark id="quote-{quote_id}" title="Lena Hart (said)">We don&#39;t know yet</mark>' in html
    assert '<mark title="Lena Hart (said)">But we will find out.</mark>' in html
    assert "Lena Hart said" in html
