"""The learned sieve, last of all and optional: a sentence that no rule attributed but that
reports what someone said, thought, wanted or did as a message.

News reports far more attributions than speech verbs cover: "Bush is panning Obama’s set of
measures in an op-ed", "Trump has hammered Bush throughout the campaign", "Some Republicans
are so vehemently opposed to electing Donald Trump that …". No rule reads these; a linear
classifier over the sentence's words, trained on an annotated corpus, finds many of them.
The sentence's subject is the source, resolved like any other (pronouns, surnames).

The model is a plain dictionary of feature weights (see ``provenance train-model``), so
using it needs no machine-learning library, and the default install carries no model at
all. Pure: the caller loads the model and passes it in.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, field

from .. import speakers as names
from .cues import LEMMA
from .sources import Source, sentence_subject, speaker_like, tokens

SIEVE = "learned_attribution"
FORMAT = "provenance-attribution-model/1"
FEATURE_TOKEN_RE = re.compile(r"[A-Za-z’']+|\d+|[^\sA-Za-z\d]")


def sentence_features(text: str, start: int, end: int, subject: Source | None) -> list[str]:
    """The features of one sentence: its words and word pairs (lowercased), the shapes and
    words that open it, its length, whether it holds a cue verb, and what kind of subject
    opens it.

    >>> t = "Bush is panning it."
    >>> sentence_features(t, 0, len(t), None)[:6]
    ['w=bush', 'w=is', 'w=panning', 'w=it', 'w=.', 'b=bush_is']
    >>> [f for f in sentence_features(t, 0, len(t), Source(0, 4, "Bush", "name")) if f.startswith(("s0", "subject", "verb"))]
    ['s0=C', 'subject=name', 'verb=panning']
    """
    words = FEATURE_TOKEN_RE.findall(text, start, end)
    lowered = [word.lower() for word in words]
    features = ["w=" + word for word in lowered]
    features += [f"b={a}_{b}" for a, b in itertools.pairwise(lowered)]
    for position, word in enumerate(words[:6]):
        shape = "C" if word[:1].isupper() else "l" if word[:1].isalpha() else "d" if word[:1].isdigit() else word
        features.append(f"s{position}={shape}")
    features += [f"f{position}={word}" for position, word in enumerate(lowered[:3])]
    features.append(f"length={min(10, len(words) // 5)}")
    cue_verbs = [word for word in lowered if word in LEMMA]
    features += ["cue=" + LEMMA[word] for word in cue_verbs]
    features.append("has_cue" if cue_verbs else "no_cue")
    features.append("subject=" + (subject.kind if subject is not None else "none"))
    if subject is not None:
        features.append("head=" + subject.phrase.split()[-1].lower())
        verb = _verb_after(text, subject.end, end)
        features.append("verb=" + (verb.split()[-1].lower() if verb else "none"))
    return features


@dataclass
class AttributionModel:
    """A logistic-regression model: a weight per feature, a bias, and the probability above
    which a sentence is taken as an attribution."""

    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    about: dict = field(default_factory=dict)  # what it was trained on, and how

    def probability(self, features: list[str]) -> float:
        weights = self.weights
        score = self.bias + sum(weights.get(feature, 0.0) for feature in set(features))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    @classmethod
    def from_dict(cls, data: dict) -> AttributionModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"not a provenance attribution model (format {data.get('format')!r}, expected {FORMAT!r})")
        return cls(weights=dict(data["weights"]), bias=float(data["bias"]), threshold=float(data["threshold"]),
                   about=dict(data.get("about", {})))

    def to_dict(self) -> dict:
        return {"format": FORMAT, "bias": self.bias, "threshold": self.threshold, "about": self.about,
                "weights": self.weights}


def open_sentences(text: str, sentences: list[tuple[int, int]], attributed: list[tuple[int, int]]):
    """(start, end) of each sentence that no attributed span touches, trailing blanks cut.

    >>> list(open_sentences("One. Two. Three.", [(0, 5), (5, 10), (10, 16)], [(6, 8)]))
    [(0, 4), (10, 16)]
    """
    taken: list[list[int]] = []  # the attributed spans merged: disjoint and in order
    for start, end in sorted(attributed):
        if taken and start <= taken[-1][1]:
            taken[-1][1] = max(taken[-1][1], end)
        else:
            taken.append([start, end])
    taken_starts = [start for start, _ in taken]
    for start, end in sentences:
        index = bisect.bisect_left(taken_starts, end) - 1
        if index >= 0 and taken[index][1] > start:
            continue
        while end > start and text[end - 1] in " \t\n":
            end -= 1
        if end > start:
            yield start, end


@dataclass
class LearnedClaim:
    source: Source
    cue: str | None
    confidence: float


def learned_subject(text: str, start: int, end: int, index) -> Source | None:
    """The sentence's subject when it can be a source without a cue verb to vouch for it: a
    pronoun, a person or group noun phrase, an institution, or a name the article gives as a
    person (a full name, a known first name, a title). A lone capitalised word that names no
    one in the article ("Momentum", "Florida") is no source.

    >>> index = names.NameIndex.lazy("Jeb Bush spoke. Bush is panning it. Momentum is building.")
    >>> t = "Bush is panning it. Momentum is building. The idea of it was a plan."
    >>> [learned_subject(t, a, b, index) is not None for a, b in [(0, 19), (20, 41), (42, 68)]]
    [True, False, False]
    """
    subject = sentence_subject(text, start, end)
    if subject is None or not speaker_like(subject) or not _vouched_for(subject, index):
        return None
    return subject


def _vouched_for(subject: Source, index) -> bool:
    if subject.kind != "name":
        return True
    name = subject.name or subject.phrase
    if names.is_institution(name) or len(name.split()) >= 2 or names.guess_gender(subject.phrase):
        return True
    return len(index.resolve(name).split()) >= 2 or subject.phrase.split()[0].lower().rstrip(".") in names.TITLES


def learned_claim(text: str, start: int, end: int, model: AttributionModel, index) -> LearnedClaim | None:
    """A sentence the model takes for an attribution, with its subject as the source; None
    when the model says no or the sentence opens with no person, group or pronoun.

    >>> model = AttributionModel(weights={"w=panning": 3.0}, bias=-1.0)
    >>> index = names.NameIndex.lazy("Jeb Bush")
    >>> found = learned_claim("Jeb Bush is panning the plan.", 0, 29, model, index)
    >>> found.source.phrase, found.cue, found.confidence
    ('Jeb Bush', 'is panning', 0.88)
    >>> learned_claim("Jeb Bush is reading the plan.", 0, 29, model, index) is None
    True
    """
    # learned_subject's steps, the name look-up after the model: most sentences stop before it.
    subject = sentence_subject(text, start, end)
    if subject is None or not speaker_like(subject):
        return None
    probability = model.probability(sentence_features(text, start, end, subject))
    if probability < model.threshold or not _vouched_for(subject, index):
        return None
    return LearnedClaim(subject, _verb_after(text, subject.end, end), round(probability, 2))


def _verb_after(text: str, at: int, end: int) -> str | None:
    """The verb group right after the subject, as the claim's cue: "is panning", "has hammered"."""
    words = [match.group() for match in tokens(text, at, min(end, at + 60))[:3]]
    verb: list[str] = []
    for word in words:
        if not word[:1].islower():
            break
        verb.append(word)
        if word not in ("is", "are", "was", "were", "has", "have", "had", "will", "would", "also", "not", "be", "been"):
            break
    return " ".join(verb) or None

