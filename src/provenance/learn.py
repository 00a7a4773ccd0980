"""Train the learned sieve (``attribute/learned.py``) on an annotated JSON-lines corpus:
``provenance train-model CORPUS -o MODEL.json``.

The rows are the sentences the rules leave unattributed but that open with a subject; a row
is positive when the sentence covers an annotated attribution as the evaluation counts it
(≥ 30 % of its characters). A logistic regression (scikit-learn, the ``model`` extra) learns
from them. The probability threshold is tuned on the training corpus alone, by five-fold
cross-validation over whole articles: the threshold that gives the best F1 on the held-out
folds while the learned claims keep a precision of at least ``min_precision``.

The model is written as plain JSON (feature → weight), so using it needs no scikit-learn.
It is derived from the corpus it was trained on: keep it beside that corpus, under the
corpus's terms, not in this project.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from .attribute import extract
from .attribute.learned import (
    AttributionModel,
    learned_subject,
    open_sentences,
    sentence_features,
)
from .attribute.text import sentence_spans
from .evaluate import (
    Score,
    corpus_records,
    covers,
    gold_parts,
    is_named,
    same_person,
    score_document,
)
from .model import Article
from .speakers import NameIndex, strip_titles

FOLDS = 5
THRESHOLDS = [round(0.30 + 0.05 * step, 2) for step in range(11)]  # 0.30 … 0.80


@dataclass
class Row:
    document: int
    features: list[str]
    positive: bool  # covers an annotated attribution
    new_gold: list[tuple[int, int]]  # (document, gold number) of attributions the rules missed
    target: bool = False  # what the model learns: positive, and the subject is the source


def training_rows(records, score: Score) -> list[Row]:
    """One row per open sentence with a subject; ``score`` collects the rules' own figures."""
    rows = []
    for document, record in enumerate(records):
        text = record["text"]
        extraction = extract(Article(text=text, outlet=record.get("outlet"), published=record.get("date")))
        gold = [gold_parts(item) for item in record.get("quotes", [])]
        score_document(extraction, record.get("quotes", []), score)
        score.docs += 1
        attributed = [(item.start, item.end) for item in (*extraction.quotes, *extraction.claims) if item.speaker]
        found = {number for number, parts in enumerate(gold)
                 if any(covers((a, b), parts) for a, b in attributed)}
        index = NameIndex.lazy(text)
        for start, end in open_sentences(text, sentence_spans(text), attributed):
            subject = learned_subject(text, start, end, index)
            if subject is None:
                continue
            hits = [number for number, parts in enumerate(gold) if covers((start, end), parts)]
            speakers = [record["quotes"][number].get("speaker") for number in hits]
            rows.append(Row(document, sentence_features(text, start, end, subject), bool(hits),
                            [(document, number) for number in hits if number not in found],
                            any(_subject_fits(subject, speaker, index) for speaker in speakers)))
    return rows


def _subject_fits(subject, speaker: str | None, index: NameIndex) -> bool:
    """Whether the subject can be the annotated source: the same person when the annotation
    names one (a pronoun is taken on trust), anything when it does not."""
    if not is_named(speaker) or subject.kind == "pronoun":
        return True
    return same_person(index.resolve(strip_titles(subject.name or subject.phrase)), speaker)


def train(path: str, c: float = 0.5, min_precision: float = 0.6, limit: int | None = None) -> tuple[AttributionModel, dict]:
    """(model, report): the model trained on every row of the corpus at ``path``, its
    threshold tuned by cross-validation; the report gives the held-out figures per threshold."""
    started = time.perf_counter()
    records = list(corpus_records(path, limit))
    base = Score()
    rows = training_rows(records, base)
    model, table = fit(rows, base, c, min_precision)
    model.about.update({"trained_on": path, "documents": len(records), "trained_at": time.strftime("%Y-%m-%d")})
    chosen = next(line for line in table if line["threshold"] == model.threshold)
    report = {"about": model.about, "rules_only": base.as_dict(), "chosen": chosen, "thresholds": table,
              "seconds": round(time.perf_counter() - started, 1)}
    return model, report


def fit(rows: list[Row], base: Score, c: float = 0.5, min_precision: float = 0.6) -> tuple[AttributionModel, list[dict]]:
    """The model fitted on ``rows``, with the threshold tuned on held-out folds, and the
    held-out figures per threshold (``base``: the rules' own figures on the same articles)."""
    try:
        from sklearn.feature_extraction.text import CountVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import GroupKFold, cross_val_predict
    except ImportError as error:  # pragma: no cover - depends on the install
        raise RuntimeError("training needs scikit-learn: pip install 'provenance[model]'") from error

    labels = [row.target for row in rows]
    if not any(labels) or all(labels):
        raise ValueError("the sentences the rules leave open are all of one class; nothing to learn")
    vectorizer = CountVectorizer(analyzer=_identity, binary=True, min_df=2 if len(rows) >= 1000 else 1)
    matrix = vectorizer.fit_transform([row.features for row in rows])
    classifier = LogisticRegression(C=c, max_iter=2000)
    documents = [row.document for row in rows]
    folds = min(FOLDS, len(set(documents)))
    held_out = cross_val_predict(classifier, matrix, labels, groups=documents,
                                 cv=GroupKFold(n_splits=folds), method="predict_proba")[:, 1]
    table = [_figures_at(threshold, rows, held_out, base) for threshold in THRESHOLDS]
    allowed = [line for line in table if line["learned_precision"] >= min_precision] or [max(table, key=lambda line: line["learned_precision"])]
    chosen = max(allowed, key=lambda line: line["f1"])
    classifier.fit(matrix, labels)
    weights = {feature: round(float(weight), 4)
               for feature, weight in zip(vectorizer.get_feature_names_out(), classifier.coef_[0])
               if abs(weight) >= 1e-4}
    about = {"sentences": len(rows), "positive": sum(labels), "c": c, "min_precision": min_precision,
             "folds": folds, "features": len(weights)}
    model = AttributionModel(weights=weights, bias=round(float(classifier.intercept_[0]), 4),
                             threshold=chosen["threshold"], about=about)
    return model, table


def _identity(features: list[str]) -> list[str]:
    return features


def _figures_at(threshold: float, rows: list[Row], probabilities, base: Score) -> dict:
    """Held-out figures if the learned sieve took every row at or above ``threshold``."""
    chosen = [row for row, probability in zip(rows, probabilities) if probability >= threshold]
    right = sum(row.positive for row in chosen)
    new_found = len({gold for row in chosen for gold in row.new_gold})
    predictions, all_right, found = base.predictions + len(chosen), base.right + right, base.found + new_found
    precision = all_right / predictions if predictions else 0.0
    recall = found / base.gold if base.gold else 0.0
    return {
        "threshold": threshold, "learned": len(chosen),
        "learned_precision": round(right / len(chosen), 4) if chosen else 0.0,
        "precision": round(precision, 4), "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
    }
