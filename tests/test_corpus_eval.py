"""Regression guard on real annotated news: runs only where ../shared/corpus exists (skipped
in a bare clone). The floors sit just under the measured dev figures in docs/evaluation.md, so
a change that loses accuracy fails here before it lands."""

from provenance.evaluate import evaluate_file


def test_polnear_dev_accuracy_does_not_regress(corpus_file):
    score = evaluate_file(str(corpus_file("polnear-dev.jsonl")))
    assert score.docs == 84
    assert score.f1 >= 0.755, score.as_dict()
    assert score.speaker_accuracy >= 0.915, score.as_dict()
    assert score.precision >= 0.835, score.as_dict()
