"""Cross-source matching: pure functions on rows, then the store and CLI on small fixtures."""

from __future__ import annotations

import json
import pathlib
import shutil

import pytest
from click.testing import CliRunner

from provenance.cli import cli
from provenance.match import QuoteRow, describe, match_quotes, prepare, verify, word_diff
from provenance.store import match_database, open_db

SEEDS = pathlib.Path(__file__).resolve().parents[1] / "seeds"

# A hand-written stand-in for the unspun original of seed 002 (our own words, the quotes
# un-spun by hand), published before it.
ORIGINAL_OF_002 = """outlet: Original Wire
date: 2022-11-25
title: Armenia asks Macron to chair talks

Armenia's prime minister, Nikol Pashinyan, refused to sign a summit declaration.

“It is depressing that Armenia’s membership in the CSTO did not deter Azerbaijan from aggressive actions,” Pashinyan told the meeting in the Armenian capital.

Tom de Waal, a senior fellow with the Carnegie Europe thinktank, said: “It is part of a broad trend in which Russians still have this Soviet legacy of seeing their neighbours as kind of junior partners beholden to them, but they are sovereign countries.”

Emil Avdaliani, a professor at the European University in Tbilisi, said: “Dependence on Russia is deadly, so Yerevan is looking for rapprochement with Turkey, closer ties with the EU, Iran and China.”

“The protests indicate a shift in Armenia’s perception of Russia,” Avdaliani said.
"""


def row(id, text, article, speaker=None, published="2024-01-01", outlet=None, start=0):
    return QuoteRow(id=id, text=text, article_id=article, speaker_id=speaker, published=published,
                    outlet=outlet or f"outlet{article}", start=start)


def clusters_of(result):
    return sorted(sorted(c.quote_ids) for c in result.clusters)


# ---------------------------------------------------------------- pure matching


def test_bracketed_insertion_and_dropped_clause_match():
    rows = [
        row(1, "there has never been a man or a woman - not me, not Bill, nobody - more qualified than Hillary Clinton", 1, 7),
        row(2, "I can say with confidence there has never been a man or a woman, not me, not Bill [Clinton], nobody more qualified than Hillary Clinton to serve as president", 2, None, "2024-01-02"),
        row(3, "there has never been a man or a woman more qualified than Hillary Clinton to serve as president", 3, 7, "2024-01-03"),
    ]
    result = match_quotes(rows)
    assert clusters_of(result) == [[1, 2, 3]]
    variants = {v.quote_id: v.variant for v in result.variants}
    assert variants[1] == "original"
    assert variants[2] == "extended"
    assert variants[3] == "edited"  # "not me, not Bill, nobody" dropped


def test_truncated_partial_inside_longer_quote():
    rows = [
        row(1, "Russia, if you're listening, I hope you're able to find the 30,000 emails that are missing.", 1, 3),
        row(2, "I hope you’re able to find the 30,000 emails", 2, 3, "2024-02-01"),
    ]
    result = match_quotes(rows)
    assert clusters_of(result) == [[1, 2]]
    assert {v.quote_id: v.variant for v in result.variants}[2] == "truncated"


def test_spun_quote_matches_and_reports_replacements():
    original = "It is depressing that Armenia’s membership in the CSTO did not deter Azerbaijan from aggressive actions"
    spun = "It’s miserable that Armenia’s membership within the CSTO didn’t deter Azerbaijan from aggressive actions"
    result = match_quotes([row(1, original, 1, 5), row(2, spun, 2, 5, "2024-01-05")])
    assert clusters_of(result) == [[1, 2]]
    variant = {v.quote_id: v for v in result.variants}[2]
    assert variant.variant == "replaced"
    assert "depressing→miserable" in variant.detail and "in→within" in variant.detail
    assert ["replace", "depressing", "miserable"] in json.loads(variant.diff)


def test_translated_variant_matches():
    a = "The foreign security system in which Armenia is involved proved ineffective in protecting its security and interests"
    b = "The external security system in which Armenia is involved proved ineffective in protecting its security and interests"
    assert verify(prepare(a), prepare(b)) is not None


def test_same_words_by_different_speakers_do_not_merge():
    text = "We are going to put a lot of coal miners and coal companies out of business"
    result = match_quotes([row(1, text, 1, speaker=1), row(2, text, 2, speaker=2)])
    assert result.clusters == []
    assert len(result.speaker_conflicts) == 1


def test_syndicated_copies_cost_one_link_each_and_speakers_stay_apart():
    text = "We are going to put a lot of coal miners and coal companies out of business"
    copies = [row(n, text, n, speaker=1) for n in range(1, 41)]  # one speaker, forty outlets
    copies += [row(n, text, n, speaker=2) for n in range(41, 46)]  # the same words, another speaker
    copies += [row(46, text.replace("coal miners", "coal workers"), 46, speaker=1)]  # an edited copy
    result = match_quotes(copies)
    assert clusters_of(result) == [list(range(1, 41)) + [46], list(range(41, 46))]
    exact = sorted((l.a, l.b) for l in result.links if l.how == "exact")
    assert exact == [(1, n) for n in range(2, 41)] + [(41, n) for n in range(42, 46)]  # each copy → the first
    # the same words under speaker 2 are compared once with speaker 1's text and once with its edit
    assert [(c.a, c.b) for c in result.speaker_conflicts] == [(1, 41), (41, 46)]


def test_one_shared_lsh_band_alone_is_not_a_candidate():
    import numpy as np

    from provenance.match import candidate_pairs

    band = np.uint64(2 << 62)  # LSH family
    gram = np.uint64(1 << 62)  # 3-gram family
    keys = np.array([band | 5, band | 5,                 # quotes 0, 1: one band in common
                     band | 6, band | 6, band | 7, band | 7,  # quotes 2, 3: two bands
                     band | 8, band | 8, gram | 9, gram | 9], dtype=np.uint64)  # 4, 5: a band and a 3-gram
    owners = np.array([0, 1, 2, 3, 2, 3, 4, 5, 4, 5], dtype=np.int32)
    grams = np.full(6, 5, dtype=np.int32)
    assert candidate_pairs(keys, owners, grams).tolist() == [[2, 3], [4, 5]]


def test_unknown_speaker_joins_but_never_bridges_two_speakers():
    text = "We are going to put a lot of coal miners and coal companies out of business"
    rows = [row(1, text, 1, speaker=1), row(2, text, 2, speaker=None), row(3, text, 3, speaker=2)]
    result = match_quotes(rows)
    speakers_per_cluster = [{r.speaker_id for r in rows if r.id in c.quote_ids} - {None} for c in result.clusters]
    assert all(len(s) == 1 for s in speakers_per_cluster)
    assert sum(len(c.quote_ids) for c in result.clusters) == 2


def test_different_quotes_by_one_speaker_on_one_topic_do_not_merge():
    rows = [
        row(1, "We will build a great wall and nobody builds walls better than me", 1, 4),
        row(2, "Mexico will pay for the wall, believe me, one hundred percent", 2, 4),
        row(3, "We will build the wall and we will make Mexico pay for it", 3, 4),
        row(4, "The wall will go up and it will be a beautiful wall", 4, 4),
    ]
    assert match_quotes(rows).clusters == []


def test_single_word_partial_joins_only_its_own_speakers_quote():
    full = "The foreign security system in which Armenia is involved proved ineffective in protecting its interests"
    rows = [row(1, "ineffective", 1, 1, start=10), row(2, full, 1, 1, start=100),
            row(3, "ineffective", 2, 1, "2024-02-01"),  # one word in another article: no evidence
            row(4, "ineffective", 1, 9, start=300),  # another speaker
            row(5, "ineffective", 3, None, "2024-02-01"),  # nobody named: a word is no evidence
            row(6, full.replace("ineffective", "useless"), 4, 1, "2024-03-01")]
    result = match_quotes(rows)
    assert clusters_of(result) == [[1, 2, 6]]
    variants = {v.quote_id: v.variant for v in result.variants}
    assert variants[2] == "original" and variants[1] == "truncated" and variants[6] == "replaced"


def test_reordered_clauses():
    a = "The greed, the showing off, the misogyny, the absurd third grade theatrics"
    b = "The misogyny, the greed, the showing off, the absurd third grade theatrics"
    assert describe(a, b)[0] == "reordered"


def test_word_diff_aligns_synonyms():
    assert word_diff("in the war in Ukraine", "within the battle in Ukraine") == [
        ["replace", "in", "within"], ["equal", "the", "the"], ["replace", "war", "battle"], ["equal", "in ukraine", "in ukraine"],
    ]


def test_matching_is_independent_of_row_order():
    texts = [
        "Anyone claiming that America's economy is in decline is peddling fiction",
        "Anyone claiming that America’s economy is in decline is peddling fiction,",
        "claiming that America's economy is in decline is peddling fiction",
        "Let's dispel with this fiction that Barack Obama doesn't know what he's doing",
    ]
    rows = [row(i + 1, t, i + 1, 2, f"2016-0{i + 1}-01") for i, t in enumerate(texts)]
    forward, backward = match_quotes(rows), match_quotes(list(reversed(rows)))
    assert clusters_of(forward) == clusters_of(backward) == [[1, 2, 3]]


# ---------------------------------------------------------------- store, CLI, seeds


@pytest.fixture
def seed_pair_dir(tmp_path):
    directory = tmp_path / "in"
    directory.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copy(path, directory / path.name)
    (directory / "original_002.txt").write_text(ORIGINAL_OF_002, encoding="utf-8")
    return directory


def _ingest(paths, db_path):
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    return result


def _snapshot(db):
    """Everything matching decides, in a form independent of insertion order."""
    return {
        "quotes": db.execute("select id, speaker_id, cluster_id, variant, variant_detail, diff from quotes order by id").fetchall(),
        "clusters": db.execute("select id, canonical_text, speaker_id, first_quote_id, first_article_id, first_published, "
                               "n_quotes, n_articles, n_outlets from quote_clusters order by id").fetchall(),
        "links": db.execute("select quote_id, other_id, score, how from quote_links order by 1, 2").fetchall(),
        "speakers": db.execute("select id, name from speakers order by id").fetchall(),
        "spun": db.execute("select id, spun_copy_of, spin_score from articles order by id").fetchall(),
    }


def test_seed_pair_with_original_clusters_spin_and_flags_the_copy(seed_pair_dir, tmp_path):
    db_path = tmp_path / "p.db"
    _ingest(sorted(seed_pair_dir.iterdir()), db_path)
    db = open_db(str(db_path))
    spun_id = db.execute("select id from articles where source_path like '%002_%'").fetchone()[0]
    original_id = db.execute("select id from articles where outlet = 'Original Wire'").fetchone()[0]
    rows = db.execute(
        "select q.article_id, q.variant, q.variant_detail, c.first_article_id from quotes q "
        "join quote_clusters c on c.id = q.cluster_id where q.text like '%deter Azerbaijan%'"
    ).fetchall()
    assert {r[0] for r in rows} == {spun_id, original_id}
    assert all(r[3] == original_id for r in rows)  # first appearance: the original, published earlier
    spun_row = next(r for r in rows if r[0] == spun_id)
    assert spun_row[1] == "replaced" and "depressing→miserable" in spun_row[2]
    copy_of, score = db.execute("select spun_copy_of, spin_score from articles where id = ?", [spun_id]).fetchone()
    assert copy_of == original_id and score > 0
    assert db.execute("select spun_copy_of from articles where id = ?", [original_id]).fetchone()[0] is None
    # seed 000: the partial "ineffective" sits in Pashinyan's full quote of the same article
    seed0 = db.execute("select id from articles where source_path like '%000_%'").fetchone()[0]
    partial = db.execute("select cluster_id, variant from quotes where article_id = ? and text = 'ineffective'", [seed0]).fetchone()
    assert partial[0] is not None and partial[1] == "truncated"


def test_tom_and_thomas_de_waal_become_one_speaker(seed_pair_dir, tmp_path):
    db_path = tmp_path / "p.db"
    _ingest(sorted(seed_pair_dir.iterdir()), db_path)
    db = open_db(str(db_path))
    names = [r[0] for r in db.execute("select name from speakers where name like '%de Waal%'")]
    assert len(names) == 1
    speaker = db.execute("select id from speakers where name like '%de Waal%'").fetchone()[0]
    aliases = {r[0]: r[1] for r in db.execute("select alias, evidence from speaker_aliases where speaker_id = ?", [speaker])}
    assert {"Tom de Waal", "Thomas de Waal"} <= set(aliases)
    assert "carnegie" in aliases["Tom de Waal"].lower()


def test_bill_and_hillary_stay_apart_obama_merges(tmp_path):
    directory = tmp_path / "in"
    directory.mkdir()
    (directory / "a.txt").write_text(
        "date: 2016-07-28\n\n“Not me, not Bill, nobody is more qualified,” said Barack Obama.\n\n"
        "“I accept your nomination with humility,” said Hillary Clinton.\n", encoding="utf-8")
    (directory / "b.txt").write_text(
        "date: 2016-07-29\n\n“My wife will be a great president,” Bill Clinton said.\n\n"
        "“Until you have sat at that desk you do not know what it is like,” Mr. Obama said.\n", encoding="utf-8")
    db_path = tmp_path / "p.db"
    _ingest([directory], db_path)
    db = open_db(str(db_path))
    names = {r[0] for r in db.execute("select name from speakers")}
    assert {"Bill Clinton", "Hillary Clinton"} <= names
    obama = [n for n in names if "Obama" in n]
    assert obama == ["Barack Obama"], names
    assert db.execute("select count(*) from speaker_aliases where alias like '%Obama%' and speaker_id = "
                      "(select id from speakers where name = 'Barack Obama')").fetchone()[0] >= 2


def test_rebuild_equals_incremental(seed_pair_dir, tmp_path):
    files = sorted(seed_pair_dir.iterdir())
    incremental = tmp_path / "inc.db"
    for path in reversed(files):  # one article per run, newest first: the hardest order
        _ingest([path], incremental)
    db = open_db(str(incremental))
    before = _snapshot(db)
    assert any(q[2] is not None for q in before["quotes"])
    result = CliRunner().invoke(cli, ["match", "--db", str(incremental), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert _snapshot(open_db(str(incremental))) == before
    # and a database filled in one run agrees on clusters and variants
    together = tmp_path / "all.db"
    _ingest(files, together)
    same = open_db(str(together))
    text_view = "select q.text, c.canonical_text, q.variant, q.variant_detail from quotes q left join quote_clusters c on c.id = q.cluster_id order by q.text"
    assert same.execute(text_view).fetchall() == open_db(str(incremental)).execute(text_view).fetchall()


def test_match_twice_changes_nothing(seed_pair_dir, tmp_path):
    db_path = tmp_path / "p.db"
    _ingest(sorted(seed_pair_dir.iterdir()), db_path)
    before = _snapshot(open_db(str(db_path)))
    summary = match_database(open_db(str(db_path)))
    assert summary.quotes == 0
    assert _snapshot(open_db(str(db_path))) == before


def test_non_latin_quotes_match_too():
    full = "Мы не будем никому угрожать, но и в обиду себя не дадим"
    rows = [row(1, full, 1, 3), row(2, "«" + full + "»", 2, 3, "2024-01-02"),
            row(3, "никому угрожать, но и в обиду себя не дадим", 3, None, "2024-01-03")]
    result = match_quotes(rows)
    assert clusters_of(result) == [[1, 2, 3]]
    assert {v.quote_id: v.variant for v in result.variants} == {1: "original", 2: "identical", 3: "truncated"}


def test_unattributed_slogan_does_not_join_a_quote_that_quotes_it():
    rows = [
        row(1, "When Donald Trump says ‘Let’s make America great again,’ that is code for let’s take America backward", 1, 5),
        row(2, "And let’s make America great again.", 2, None, "2024-01-02"),
        row(3, "that is code for let’s take America backward", 3, None, "2024-01-03"),
    ]
    assert clusters_of(match_quotes(rows)) == [[1, 3]]


def test_links_another_process_writes_meanwhile_are_clustered(tmp_path, monkeypatch):
    """Clusters are worked out before the write lock from the links assumed to be stored; if
    another process stored links in between, the transaction works them out again."""
    from provenance import store
    from provenance.attribute import extract
    from provenance.model import Article

    path = str(tmp_path / "p.db")
    db = open_db(path)
    for text in ("“The harbour levy will ruin every fishing family on the island,” said Mara Okafor.",
                 "“Our new ferry timetable starts in May with six daily crossings,” said Mara Okafor."):
        store.save_extraction(db, extract(Article(text=text)))
    first, second = (r[0] for r in db.execute("select id from quotes order by id"))
    real_plan = store._cluster_plan

    def plan_then_another_process_links(*args):
        plan = real_plan(*args)
        with open_db(path).conn as other:  # a second matcher commits a link in between
            other.execute("insert into quote_links (quote_id, other_id, score, how) values (?, ?, 99.0, 'fuzzy')",
                          [first, second])
        monkeypatch.setattr(store, "_cluster_plan", real_plan)
        return plan

    monkeypatch.setattr(store, "_cluster_plan", plan_then_another_process_links)
    match_database(db)
    clusters = [r[0] for r in db.execute("select cluster_id from quotes order by id")]
    assert clusters[0] is not None and clusters[0] == clusters[1]
