"""The optional learned sieve: training on an annotated corpus, using the model, and its errors."""

import json

import pytest
from click.testing import CliRunner

from provenance.attribute import extract
from provenance.attribute.learned import AttributionModel
from provenance.cli import cli
from provenance.model import Article

pytest.importorskip("sklearn")

# A made-up island council. In each article the rules attribute the said-sentence; the
# "is panning" / "has hammered" sentences are annotated attributions no rule reads, and the
# "visited" / "arrived" sentences are not attributions.
ATTRIBUTIONS = [
    "{name} is panning the ferry plan in an op-ed.",
    "{name} has hammered the harbour board all week.",
    "{name} is railing against the new tolls on radio.",
    "{name} has blasted the mayor over the budget.",
]
EVENTS = [
    "{name} visited the northern island on Monday.",
    "{name} arrived at the harbour before noon.",
    "{name} was born on the island in 1961.",
    "{name} owns two fishing boats and a shop.",
]
PEOPLE = ["Mara Okafor", "Tomas Lind", "Ines Varga", "Peter Holm", "Sara Quist", "Ola Berg"]


def _record(number: int) -> dict:
    name = PEOPLE[number % len(PEOPLE)]
    surname = name.split()[1]
    sentences = [f"{name} said that the ferry would keep running."]
    gold = []
    for template in (ATTRIBUTIONS[number % 4], EVENTS[number % 4], ATTRIBUTIONS[(number + 1) % 4], EVENTS[(number + 2) % 4]):
        sentences.append(template.format(name=surname))
    text = ""
    for sentence in sentences:
        start = len(text)
        text += sentence + " "
        if sentence.split(" ", 1)[1].startswith(("is panning", "has hammered", "is railing", "has blasted")):
            content = start + len(surname) + 1
            gold.append({"start": content, "end": start + len(sentence) - 1, "speaker": surname})
    return {"text": text.strip(), "quotes": gold}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "island.jsonl"
    path.write_text("".join(json.dumps(_record(n)) + "\n" for n in range(30)))
    return path


@pytest.fixture
def model_file(corpus, tmp_path):
    output = tmp_path / "model.json"
    result = CliRunner().invoke(cli, ["train-model", str(corpus), "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "threshold" in result.output and str(output) in result.output
    return output


ARTICLE = "Ada Rask said the toll was fair. Rask is panning the harbour board in an op-ed. Rask visited the shop on Monday."


def test_trained_model_attributes_what_no_rule_reads(model_file):
    model = AttributionModel.from_dict(json.loads(model_file.read_text()))
    assert 0.3 <= model.threshold <= 0.8 and model.weights
    without = extract(Article(text=ARTICLE))
    assert not [c for c in without.claims if c.sieve == "learned_attribution"]
    learned = [c for c in extract(Article(text=ARTICLE), model=model).claims if c.sieve == "learned_attribution"]
    assert [(c.text, c.speaker, c.kind) for c in learned] == [
        ("Rask is panning the harbour board in an op-ed.", "Ada Rask", "reported")]
    assert learned[0].cue == "is panning" and 0.3 <= learned[0].confidence <= 1.0


def test_learned_sieve_resolves_a_pronoun_and_skips_attributed_sentences(model_file):
    model = AttributionModel.from_dict(json.loads(model_file.read_text()))
    text = "Ada Rask said that the toll was fair. She is panning the harbour board over the budget."
    claims = extract(Article(text=text), model=model).claims
    assert [(c.sieve, c.speaker) for c in claims] == [("reported_after_cue", "Ada Rask"), ("learned_attribution", "Ada Rask")]


def test_learned_sieve_never_names_a_word_that_is_no_one(model_file):
    model = AttributionModel.from_dict(json.loads(model_file.read_text()))
    # "Momentum" opens the sentence, but the article names no one so; the model's words alone
    # must not make it a speaker.
    claims = extract(Article(text="Momentum is panning the harbour board in an op-ed."), model=model).claims
    assert not [c for c in claims if c.sieve == "learned_attribution"]


def test_extract_and_ingest_take_the_model(model_file, tmp_path):
    article = tmp_path / "rask.txt"
    article.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["extract", str(article), "--format", "json", "--model", str(model_file)])
    assert result.exit_code == 0, result.output
    assert "learned_attribution" in [c["sieve"] for c in json.loads(result.output)["claims"]]
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["ingest", str(article), "--db", str(db_path), "--model", str(model_file), "-q"])
    assert result.exit_code == 0, result.output
    import sqlite_utils

    rows = list(sqlite_utils.Database(db_path).query("select text, sieve from claims where sieve = 'learned_attribution'"))
    assert rows == [{"text": "Rask is panning the harbour board in an op-ed.", "sieve": "learned_attribution"}]


def test_parser_workers_get_the_model(model_file, tmp_path):
    """With -j 2 the parsing runs in worker processes: they must use the model too."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for number in range(6):
        (folder / f"a{number}.txt").write_text(ARTICLE.replace("Ada Rask", f"Ada Rask{'x' * number}").replace(
            "Rask is", f"Rask{'x' * number} is"))
    db_path = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db_path), "--model", str(model_file), "-q", "-j", "2"])
    assert result.exit_code == 0, result.output
    import sqlite_utils

    count = sqlite_utils.Database(db_path).execute("select count(*) from claims where sieve = 'learned_attribution'").fetchone()[0]
    assert count == 6


def test_a_bad_model_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "model.json"
    bad.write_text(json.dumps({"format": "something-else"}))
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE)
    result = CliRunner().invoke(cli, ["extract", str(article), "--model", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: not a usable model" in result.output
    assert "Traceback" not in result.output


def test_training_needs_both_classes(tmp_path):
    path = tmp_path / "one-class.jsonl"
    path.write_text("".join(json.dumps({"text": "Rask visited the shop on Monday.", "quotes": []}) + "\n" for _ in range(6)))
    result = CliRunner().invoke(cli, ["train-model", str(path), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 1 and "nothing to learn" in result.output
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("line, problem", [
    ('{"quotes": []}', "line 2: not an annotated record (no 'text' field)"),
    ('{"text": "Rask spoke.", "quotes": [{"start": 4, "end": 99}]}', "line 2: not an annotated record (offsets 4–99 outside the text)"),
    ("{not json", "line 2: not an annotated record (Expecting property name"),
])
def test_a_bad_corpus_line_is_one_clear_error(tmp_path, line, problem):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_record(0)) + "\n" + line + "\n")
    result = CliRunner().invoke(cli, ["train-model", str(path), "-o", str(tmp_path / "m.json")])
    assert result.exit_code == 1
    assert f"Error: {path}: {problem}" in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "m.json").exists()


def test_eval_names_a_bad_corpus_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(_record(0)) + "\n" + '{"quotes": []}' + "\n")
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 1
    assert f"Error: {path}: line 2: not an annotated record (no 'text' field)" in result.output
    assert "Traceback" not in result.output
