"""The fixture database the serve, cookbook and browser tests share: the two seeds, hand-written
copies of them (a spun copy, an un-spun original, a truncated re-quote) and two hostile articles
carrying markup. Clusters and spin flags are written here by hand, standing in for the matcher,
so these tests don't depend on it.

Other test modules: ``from test_serve_fixture import build_fixture_db``.
"""

from __future__ import annotations

import pathlib

import sqlite_utils
from click.testing import CliRunner

from provenance.cli import cli
from provenance.datasette_plugin import word_diff
from provenance.serve import checkpoint

ROOT = pathlib.Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

# No double quotes inside: the parser would take them for quotation marks.
SCRIPT = "<script>window.__xss=2</script>"
IMG = "<img src=x onerror=window.__xss=1>"

# (file name, overrides, text). Written for these tests; none of it comes from the corpus.
ARTICLES = [
    ("000.txt", {"outlet": "Caucasus Wire", "title": "Armenia turns its back on Moscow"}, None),
    ("002.txt", {"outlet": "newsfarm.example", "published": "2022-11-26", "title": "Armenia asks Macron to chair talks"}, None),
    (
        "original-herald.txt",
        {"outlet": "Original Herald", "published": "2022-11-25", "title": "Armenia asks Macron to chair peace talks with Azerbaijan"},
        "Armenia has asked the French president to chair peace talks with Azerbaijan in a fresh challenge to Moscow.\n\n"
        "“It’s depressing that Armenia’s membership in the CSTO did not deter Azerbaijan from aggressive actions,” "
        "Nikol Pashinyan told the summit.\n\n"
        "“Dependence on Russia is deadly, so Yerevan is seeking rapprochement with Turkey,” said Emil Avdaliani.\n",
    ),
    (
        "spun-copy.txt",
        {"outlet": "spinfarm.example", "published": "2023-09-26", "title": "Armenia turns its again on Moscow"},
        "The Armenian prime minister introduced this Sunday a change of alliances.\n\n"
        "“The international safety system by which Armenia is concerned proved ineffective in defending its safety and pursuits,” "
        "Pashinyan declared, in a speech by Nikol Pashinyan broadcast on tv.\n\n"
        "“It is extra about blackmail than a change in overseas coverage line,” stated analyst Beniamin Matevossian.\n",
    ),
    (
        "requote.txt",
        {"outlet": "Yerevan Evening", "published": "2023-09-25", "title": "Pashinyan: security system ineffective"},
        "Nikol Pashinyan spoke on Sunday.\n\n"
        "“The foreign security system in which Armenia is involved proved ineffective,” Nikol Pashinyan said.\n",
    ),
    (
        "hostile-1.txt",
        {"outlet": "Hostile Gazette", "published": "2024-01-02", "title": f"Hostile headline {IMG}",
         "url": "javascript:window.__xss=3"},
        f"This article carries markup {SCRIPT} in its body and {IMG} an image.\n\n"
        f"“Nothing here {IMG} should run {SCRIPT} in a browser,” said Mallory Example.\n",
    ),
    (
        "hostile-2.txt",
        {"outlet": "Hostile Echo", "published": "2024-01-03", "title": "Hostile echo"},
        f"A copy.\n\n“Nothing here {IMG} should ever run {SCRIPT} in a browser,” Mallory Example said.\n",
    ),
]

# Hand clustering: a quote belongs to a cluster when its text contains one of the markers.
CLUSTERS = {
    "security system": ("security system in which", "safety system by which"),
    "CSTO deterrence": ("membership in the CSTO", "membership within the CSTO"),
    "blackmail": ("about blackmail", ),
    "hostile": ("Nothing here", ),
}
SPUN = {"spun-copy.txt": "000.txt", "002.txt": "original-herald.txt"}


def write_articles(directory: pathlib.Path) -> dict[str, pathlib.Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, _, text in ARTICLES:
        path = directory / name
        if text is None:
            source = next(SEEDS.glob(name.split(".")[0] + "_*.txt"))
            path.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        else:
            path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def build_fixture_db(directory: pathlib.Path, name: str = "provenance") -> pathlib.Path:
    """Ingest the articles with the real CLI, then add clusters and spin flags by hand."""
    db_path = directory / f"{name}.db"
    paths = write_articles(directory / "articles")
    runner = CliRunner()
    for file_name, overrides, _ in ARTICLES:
        args = ["ingest", str(paths[file_name]), "--db", str(db_path)]
        for key, value in overrides.items():
            args += [f"--{key}", value]
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    # Whatever the matcher did at ingest is replaced by the hand clustering below.
    matcher_columns = [c for c in ("cluster_id", "variant", "diff", "variant_detail", "match_score") if c in db["quotes"].columns_dict]
    db.execute("update quotes set " + ", ".join(f"{c} = null" for c in matcher_columns))
    db.execute("update articles set spun_copy_of = null, spin_score = null")
    for table in ("quote_links", "quote_clusters"):
        if db[table].exists():
            db.execute(f"delete from {table}")
    db.conn.commit()
    article_ids = {
        file_name: db.execute("select id from articles where source_path like ?", [f"%{file_name}"]).fetchone()[0]
        for file_name, _, _ in ARTICLES
    }
    for cluster_name, markers in CLUSTERS.items():
        where = " or ".join("quotes.text like ?" for _ in markers)
        rows = db.execute(
            "select quotes.id, quotes.text, quotes.speaker_id, quotes.article_id, articles.outlet, articles.published "
            f"from quotes join articles on articles.id = quotes.article_id where {where} "
            "order by articles.published, quotes.id",
            [f"%{m}%" for m in markers],
        ).fetchall()
        first = rows[0]
        cluster_id = db["quote_clusters"].insert({
            "canonical_text": first[1], "speaker_id": first[2], "first_quote_id": first[0],
            "first_article_id": first[3], "first_published": first[5], "n_quotes": len(rows),
            "n_articles": len({r[3] for r in rows}), "n_outlets": len({r[4] for r in rows}),
        }).last_pk
        for quote_id, text, *_ in rows:
            variant = "identical" if text == first[1] else ("truncated" if text.rstrip(".") in first[1] else "replaced")
            db["quotes"].update(quote_id, {"cluster_id": cluster_id, "variant": variant, "diff": word_diff(first[1], text)})
    for copy, original in SPUN.items():
        db["articles"].update(article_ids[copy], {"spun_copy_of": article_ids[original], "spin_score": 0.8})
    db.conn.close()
    checkpoint(str(db_path))
    return db_path


def test_fixture_has_clusters_variants_spun_copies_and_markup(tmp_path):
    db = sqlite_utils.Database(build_fixture_db(tmp_path))
    sizes = [row[0] for row in db.execute("select count(*) from quotes where cluster_id is not null group by cluster_id")]
    assert len(sizes) == len(CLUSTERS) and all(size >= 2 for size in sizes)
    assert db.execute("select count(*) from quotes where variant = 'replaced'").fetchone()[0] >= 2
    assert db.execute("select count(*) from articles where spun_copy_of is not null").fetchone()[0] == 2
    assert db.execute("select count(*) from articles where text like '%<script>%' and text like '%onerror=%'").fetchone()[0] == 2
