import pathlib

import pytest

SHARED_CORPUS = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

SEED_LIKE = (
    " date 2023-09-24 The Armenian prime minister announced a change of alliances.\n\n"
    "(Also: Two North Korean defectors tell what it’s like)\n\n"
    "“The foreign security system in which Armenia is involved proved ineffective,” Pashinyan declared.\n\n"
    "In a speech, Nikol Pashinyan described his country’s current alliances as “ineffective”.\n\n"
    "“It is more about blackmail,” said independent Armenian analyst Beniamin Matevossian, interviewed by AFP.\n\n"
    "The attack cost the lives of 207 Armenian and 80 Azerbaijani soldiers in September.\n"
    "[ad_2]\nSource link\n"
)


@pytest.fixture
def article_dir(tmp_path):
    directory = tmp_path / "articles"
    directory.mkdir()
    (directory / "one.txt").write_text(SEED_LIKE, encoding="utf-8")
    (directory / "two.txt").write_text(
        "outlet: The Guardian\ndate: 2022-11-25\n\n"
        "He expressed frustration. “It’s depressing that Armenia’s membership in the CSTO did not deter Azerbaijan,” "
        "Nikol Pashinyan told the meeting.\n",
        encoding="utf-8",
    )
    return directory


def shared_corpus(name: str) -> pathlib.Path:
    path = SHARED_CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


@pytest.fixture
def corpus_file():
    """``corpus_file(name)``: a file of ../shared/corpus, or skip the test when it is absent."""
    return shared_corpus
