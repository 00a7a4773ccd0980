"""Property tests: whatever bytes arrive, the reader answers with Articles or ReadErrors, never
an exception, and an Article always has clean text and an ISO date or none."""

import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provenance.model import Article
from provenance.read import ReadError, Reader

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html", ".warc", ".unknown"]
ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def check_all(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    results = list(Reader([str(path)]))
    assert results, "every input gives at least one answer"
    for source, item in results:
        assert source.startswith(str(path))
        assert isinstance(item, (Article, ReadError))
        if isinstance(item, Article):
            assert item.text and item.text == item.text.strip()
            assert item.published is None or ISO.match(item.published)
        else:
            assert item.reason and "\n" not in item.reason
    return results


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_any_suffix(tmp_path, data, suffix):
    check_all(tmp_path, "input" + suffix, data)


header_value = st.text(alphabet=st.characters(blacklist_characters="\n\r"), max_size=40)


@FUZZ
@given(
    headers=st.lists(st.tuples(st.sampled_from(["date", "published", "outlet", "url", "title", "Date", "note"]),
                               header_value), max_size=5),
    body=st.text(max_size=300),
    front_matter=st.booleans(),
)
def test_any_header_and_front_matter(tmp_path, headers, body, front_matter):
    lines = "".join(f"{key}: {value}\n" for key, value in headers)
    text = f"---\n{lines}---\n{body}" if front_matter else f"{lines}\n{body}"
    check_all(tmp_path, "input.txt", text.encode("utf-8", "surrogatepass"))


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10,
)


@FUZZ
@given(records=st.lists(st.dictionaries(
    st.sampled_from(["text", "body", "date", "published", "outlet", "source", "author", "authors", "title", "url", "x"]),
    json_value, max_size=6), max_size=5))
def test_any_json_records(tmp_path, records):
    check_all(tmp_path, "input.json", json.dumps(records).encode())
    check_all(tmp_path, "input.jsonl", "".join(json.dumps(r) + "\n" for r in records).encode() or b"\n")
