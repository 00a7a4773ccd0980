"""Property tests: extraction never raises and its offsets always index the text."""

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.attribute import extract, fragment_text
from provenance.model import Article

MARKS = ["“", "”", '"', "''", "‘", "’", "'", "«", "»", "„", "‟"]
WORDS = [
    "said", "says", "told", "according to", "he", "she", "they", "Mr.", "Dr.", "Jane", "Smith",
    "Thomas de Waal", "the expert", "sources", "added", "warned", "claimed", ",", ".", ":", "\n",
    "\n\n", "that", "who", "a senior fellow", "with", "the", "Carnegie Europe", "2020", "40%",
    "million", "and", "considered", "mentioned", "(R-Utah)", "—", "Asked", "him",
]

piece = st.one_of(st.sampled_from(MARKS), st.sampled_from(WORDS), st.text(max_size=12))
article_text = st.lists(piece, max_size=80).map(" ".join)


def check(text: str) -> None:
    extraction = extract(Article(text=text))
    for item in (*extraction.quotes, *extraction.claims):
        assert 0 <= item.start <= item.end <= len(text)
        fragments = getattr(item, "fragments", None)
        if fragments:  # a quotation split around its attribution: ordered stretches inside start–end
            assert fragments[0][0] == item.start and fragments[-1][1] == item.end
            assert all(a <= b <= c for (a, b), (c, _) in itertools.pairwise(fragments))
            assert item.text == fragment_text(text, fragments)
        else:
            assert text[item.start:item.end] == item.text
        assert item.speaker is None or item.speaker.strip().lower() not in ("he", "she", "they", "him", "her")
        assert 0.0 <= item.confidence <= 1.0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article_text)
def test_marks_words_and_punctuation(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode(text):
    check(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(piece, min_size=1, max_size=40).map(" ".join), st.integers(min_value=50, max_value=400))
def test_huge_paragraphs(unit, repeat):
    # One paragraph of many sentences and unbalanced marks, no newline to stop a quote.
    check((unit.replace("\n", " ") + " ") * repeat)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(MARKS + ["a", " ", "\n"]), max_size=200).map("".join))
def test_nested_and_unbalanced_marks(text):
    check(text)
