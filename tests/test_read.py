"""Reading every input format, and one clear ReadError for every kind of bad input."""

import datetime as dt
import io
import json
import os

import pytest

from provenance.read import BadInput, Reader, ReadError, decode, normalise_date

PAGE = """<!doctype html>
<html><head>
<title>Minister rules out tax rise - The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Minister rules out tax rise">
<link rel="canonical" href="https://daily.example/2023/09/tax">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2023-09-24T10:00:00+02:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Minister rules out tax rise</h1>
<p>The finance minister spoke on Friday in the capital about the budget for next year.</p>
<p>“We will not raise taxes this year, whatever happens,” said Jane Smith, the finance minister.</p>
<p>She added that the deficit would shrink to three percent by the end of next year.</p>
</article>
<footer>Copyright 2023 The Daily Example</footer>
</body></html>
"""


def read_all(*paths, stdin=None, **overrides):
    return list(Reader([str(p) for p in paths], stdin=stdin, **overrides))


def only_article(*paths, **kwargs):
    results = read_all(*paths, **kwargs)
    assert len(results) == 1, results
    source, item = results[0]
    assert not isinstance(item, ReadError), item
    return item


def only_error(*paths, **kwargs):
    results = read_all(*paths, **kwargs)
    assert len(results) == 1, results
    source, item = results[0]
    assert isinstance(item, ReadError), item
    return item


# --- formats ----------------------------------------------------------------------------------


def test_text_header_lines(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("outlet: AFP\ndate: 24 September 2023\nurl: https://afp.example/1\ntitle: Budget\n\n"
                    "“We will win,” Jane Smith said.\n", encoding="utf-8")
    article = only_article(path)
    assert (article.outlet, article.published, article.url, article.title) == (
        "AFP", "2023-09-24", "https://afp.example/1", "Budget")
    assert article.text == "“We will win,” Jane Smith said."


def test_text_yaml_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Budget talks\nsource: Reuters\npublished: 2023-09-24\n"
                    "authors: [Ann Writer, Bob Reporter]\n---\nThe talks ended.\n", encoding="utf-8")
    article = only_article(path)
    assert (article.title, article.outlet, article.published) == ("Budget talks", "Reuters", "2023-09-24")
    assert article.author == "Ann Writer, Bob Reporter"
    assert article.text == "The talks ended."


def test_text_without_header_keeps_first_line(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Note: this line is prose, not a header.\nMore prose.\n", encoding="utf-8")
    assert only_article(path).text.startswith("Note: this line is prose")


def test_html_body_and_metadata_with_trafilatura(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(path)
    assert article.outlet == "The Daily Example"
    assert article.published == "2023-09-24"
    assert article.url == "https://daily.example/2023/09/tax"
    assert article.title == "Minister rules out tax rise"
    assert article.author == "Ann Writer"
    assert "“We will not raise taxes this year, whatever happens,” said Jane Smith" in article.text
    assert "Home" not in article.text and "Copyright" not in article.text
    # paragraphs stay paragraphs (the parser relies on them for multi-paragraph quotes)
    assert article.text.count("\n\n") == 2


def test_json_record_list_and_field_aliases(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps([
        {"body": "First story text.", "publisher": "AP", "pubdate": "2023-01-05", "headline": "One", "link": "u1"},
        {"content": "Second story text.", "source": "AFP", "date": "March 3, 2022", "byline": ["A", "B"]},
    ]), encoding="utf-8")
    results = read_all(path)
    assert [source for source, _ in results] == [f"{path}#1", f"{path}#2"]
    first, second = (item for _, item in results)
    assert (first.text, first.outlet, first.published, first.title, first.url) == (
        "First story text.", "AP", "2023-01-05", "One", "u1")
    assert (second.outlet, second.published, second.author) == ("AFP", "2022-03-03", "A, B")


def test_json_outlet_preferred_over_generic_source(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"source": "Some corpus", "outlet": "Breitbart", "text": "Words."}))
    assert only_article(path).outlet == "Breitbart"


def test_jsonl_streams_records_and_reports_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "One.", "outlet": "X"}\n\n{"text": "Two."}\n{broken\n[1, 2]\n{"title": "no text"}\n',
                    encoding="utf-8")
    results = read_all(path)
    assert [source for source, _ in results] == [f"{path}:1", f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert [item.text for _, item in results[:2]] == ["One.", "Two."]
    reasons = [item.reason for _, item in results[2:]]
    assert reasons[0].startswith("malformed JSON line: Expecting property name")
    assert reasons[1] == "JSON record is not an object"
    assert reasons[2].startswith("record has no text (fields tried: text, body")


def _warc(path, responses, gzip=False):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, status, content_type, body, date in responses:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                               warc_headers_dict={"WARC-Date": date})
            writer.write_record(record)


@pytest.mark.parametrize("name,gzip", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_become_articles(tmp_path, name, gzip):
    undated = ("<html><head><title>Plain page</title></head><body><article>"
               "<p>The mayor opened the new bridge to traffic on Monday morning after years of delays.</p>"
               "<p>“It is finally done,” Tom Brown said at the opening ceremony.</p></article></body></html>")
    path = tmp_path / name
    _warc(path, [
        ("https://daily.example/2023/09/tax", "200 OK", "text/html; charset=utf-8", PAGE.encode(), "2023-09-25T08:00:00Z"),
        ("https://daily.example/logo.png", "200 OK", "image/png", b"\x89PNG....", "2023-09-25T08:00:01Z"),
        ("https://daily.example/missing", "404 Not Found", "text/html", b"<html>gone</html>", "2023-09-25T08:00:02Z"),
        ("https://other.example/bridge", "200 OK", "text/html", undated.encode(), "2023-10-02T12:00:00Z"),
    ], gzip=gzip)
    results = read_all(path)
    assert [source for source, _ in results] == [
        f"{path}#https://daily.example/2023/09/tax", f"{path}#https://other.example/bridge"]
    first, second = (item for _, item in results)
    assert (first.url, first.published, first.outlet) == ("https://daily.example/2023/09/tax", "2023-09-24", "The Daily Example")
    # no date in the page: the capture date is kept
    assert (second.url, second.published) == ("https://other.example/bridge", "2023-10-02")
    assert "“It is finally done,” Tom Brown said" in second.text


def test_truncated_warc_reports_the_file(tmp_path):
    path = tmp_path / "crawl.warc"
    _warc(path, [("https://a.example/", "200 OK", "text/html", PAGE.encode(), "2023-09-25T08:00:00Z")])
    path.write_bytes(path.read_bytes()[:200])
    results = read_all(path)
    assert results and all(isinstance(item, ReadError) for _, item in results)
    assert results[-1][1].path == str(path)


def test_directories_recursive_globs_and_hidden_files(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("One.")
    (tmp_path / "a" / "b" / "two.md").write_text("Two.")
    (tmp_path / "a" / "b" / "picture.png").write_bytes(b"\x89PNG")  # unknown suffix: skipped in directories
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden.")
    assert [item.text for _, item in read_all(tmp_path / "a")] == ["One.", "Two."]
    assert [item.text for _, item in read_all(f"{tmp_path}/a/**/*.md")] == ["Two."]
    assert only_error(f"{tmp_path}/nothing-*.txt").reason == "no file matches this pattern"
    assert only_error(tmp_path / "missing.txt").reason == "no such file or directory"


@pytest.mark.parametrize("content,expected", [
    ("“Yes,” Jane Smith said.\n", "text"),
    ('{"text": "From JSON lines."}\n{"text": "Second."}\n', "jsonl"),
    (PAGE, "html"),
])
def test_stdin_any_format(content, expected):
    results = read_all("-", stdin=io.TextIOWrapper(io.BytesIO(content.encode("utf-8")), encoding="utf-8"))
    articles = [item for _, item in results]
    assert all(not isinstance(a, ReadError) for a in articles)
    if expected == "jsonl":
        assert [a.text for a in articles] == ["From JSON lines.", "Second."]
    elif expected == "html":
        assert articles[0].outlet == "The Daily Example"
    else:
        assert articles[0].text == "“Yes,” Jane Smith said."


def test_overrides_win_over_file_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(path, outlet="Wire", published="2020-01-02", url="https://x.example/", title="T")
    assert (article.outlet, article.published, article.url, article.title) == ("Wire", "2020-01-02", "https://x.example/", "T")


def test_progress_counts_bytes(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps({"text": f"Story {i}."}) + "\n" for i in range(5)))
    reader = Reader([str(path)])
    assert reader.total_bytes == path.stat().st_size
    seen = []
    for _ in reader:
        seen.append(reader.bytes_read)
    assert seen == sorted(seen) and seen[-1] == reader.total_bytes


# --- encodings ----------------------------------------------------------------------------------


def test_non_utf8_encoding_detected(tmp_path):
    text = ("Le patron du café a déclaré : « Nous restons ouverts tout l’été, même en août, malgré la crise », "
            "a dit Marie Dupont à la presse locale.")
    path = tmp_path / "latin.txt"
    path.write_bytes(text.encode("cp1252"))
    assert only_article(path).text == text


def test_utf16_with_bom_read(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("“Hello there,” Jane Smith said.".encode("utf-16"))
    assert only_article(path).text == "“Hello there,” Jane Smith said."


def test_mojibake_repaired(tmp_path):
    clean = "“We are open all summer,” said the café owner Marie Dupont."
    path = tmp_path / "moji.txt"
    path.write_text(clean.encode("utf-8").decode("latin-1"), encoding="utf-8")  # "â\x80\x9cWe … cafÃ©"
    assert only_article(path).text == clean


def test_mojibake_in_json_text_repaired(tmp_path):
    path = tmp_path / "moji.jsonl"
    path.write_text(json.dumps({"text": "The cafÃ© owner spoke."}) + "\n")
    assert only_article(path).text == "The café owner spoke."


def test_correct_text_left_alone():
    text = "Ça va? Müller said “ja” — the façade cost €5 in São Paulo. Ölçek, Łódź, Ñandú."
    assert decode(text.encode("utf-8")) == text


# --- bad input: one clear reason each -----------------------------------------------------------


@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t\n", "empty file"),
    ("blank.jsonl", b"\n\n", "empty file"),
    ("none.json", b"[]", "no records: the JSON list is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (a PNG image), not text"),
    ("doc.html", b"%PDF-1.7\n%\xe2\xe3", "binary file (a PDF), not text"),
    ("data.txt", b"abc\x00\x01\x02\x03def", "binary file (contains NUL bytes), not text"),
    ("broken.json", b'{"text": "unfinished', "malformed JSON: Unterminated string starting at: line 1 column 10 (char 9)"),
    ("noise.html", b"<html><body><p></p><div>", "no article text found in the HTML (malformed, empty, or not an article page)"),
    ("only-ads.txt", b"[ad_1]\nSource link\n", "no article text left after cleaning"),
    ("feb30.txt", b"date: 2023-02-30\n\nText.", "impossible date '2023-02-30' (day is out of range for month)"),
    ("month13.md", b"---\npublished: 2023-13-01\n---\nText.", "impossible date '2023-13-01' (month must be in 1..12)"),
    ("words.txt", b"date: the thirtieth of Smarch\n\nText.", "impossible or unreadable date 'the thirtieth of Smarch'"),
    ("yaml.md", b"---\ntitle: [unclosed\n---\nText.", "malformed YAML front matter: while parsing a flow sequence"),
])
def test_bad_input_one_clear_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    error = only_error(path)
    assert error.path == str(path)
    assert error.reason == reason
    assert str(error) == f"{path}: {reason}"


def test_future_date_is_impossible(tmp_path):
    future = (dt.date.today() + dt.timedelta(days=400)).isoformat()
    path = tmp_path / "future.txt"
    path.write_text(f"date: {future}\n\nText.")
    assert only_error(path).reason == f"impossible date '{future}' (in the future)"


def test_giant_file_refused_without_reading_it(tmp_path):
    path = tmp_path / "giant.txt"
    with open(path, "wb") as stream:
        stream.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    assert only_error(path).reason == "file is 51 MB, over the 50 MB limit for one file"


def test_unreadable_file(tmp_path):
    path = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "gone.txt", path)
    assert only_error(path).reason == "cannot read: No such file or directory"


def test_directory_named_like_a_file_is_walked_not_read(tmp_path):
    (tmp_path / "odd.txt").mkdir()
    (tmp_path / "odd.txt" / "inner.txt").write_text("Inner.")
    assert only_article(tmp_path / "odd.txt").text == "Inner."


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("value,expected", [
    ("2023-09-24", "2023-09-24"),
    ("2023-09-24T23:59:00-05:00", "2023-09-24"),
    ("24 September 2023", "2023-09-24"),
    ("Sep. 24, 2023", "2023-09-24"),
    ("September 2023", "2023-09-01"),
    (dt.date(2020, 2, 29), "2020-02-29"),
    ("", None),
    (None, None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


@pytest.mark.parametrize("value", ["2021-02-29", "2023-00-10", "1066-10-14", "not a date", "yesterday"])
def test_normalise_date_refuses(value):
    with pytest.raises(BadInput):
        normalise_date(value)


def test_jsonl_with_byte_order_mark_and_crlf(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"text": "One."}\r\n{"text": "Two."}\r\n')
    assert [item.text for _, item in read_all(path)] == ["One.", "Two."]


def test_html_declared_charset_used(tmp_path):
    page = PAGE.replace("<head>", '<head><meta charset="windows-1251">').replace(
        "The finance minister spoke on Friday", "Министр финансов выступил в пятницу")
    path = tmp_path / "ru.html"
    path.write_bytes(page.replace("“", '"').replace("”", '"').encode("cp1251"))
    assert "Министр финансов выступил в пятницу" in only_article(path).text


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", "Президент заявил журналистам, что правительство не будет повышать налоги в этом году, "
               "несмотря на дефицит бюджета."),
    ("koi8_r", "Президент заявил журналистам, что правительство не будет повышать налоги в этом году, "
               "несмотря на дефицит бюджета."),
    ("shift_jis", "首相は記者団に対し、今年は増税しないと述べた。財政赤字にもかかわらず、政府は方針を変えない。"),
    ("cp1250", "Premier powiedział dziennikarzom, że rząd nie podniesie podatków w tym roku, mimo deficytu budżetowego."),
    ("utf-32", "“Hello,” she said."),
])
def test_legacy_encodings_detected(tmp_path, encoding, text):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    assert only_article(path).text == text


def test_gzip_that_is_not_a_warc_is_named_as_such(tmp_path):
    import gzip

    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "One."}\n'))
    assert only_error(path).reason == "binary file (gzip-compressed), not text"
    warc = tmp_path / "crawl.bin"  # a WARC under an odd name is still recognised
    _warc(warc, [("https://a.example/", "200 OK", "text/html", PAGE.encode(), "2023-09-25T08:00:00Z")], gzip=True)
    assert only_article(warc).url == "https://daily.example/2023/09/tax"


def test_oversized_warc_response_is_refused_and_the_rest_read(tmp_path, monkeypatch):
    import provenance.read

    monkeypatch.setattr(provenance.read, "MAX_FILE_BYTES", 2000)
    small = "<html><body><article><p>“Short and sweet,” said Ann Lee at the small opening.</p></article></body></html>"
    path = tmp_path / "crawl.warc"
    _warc(path, [
        ("https://a.example/big", "200 OK", "text/html", PAGE.encode() * 3, "2023-09-25T08:00:00Z"),
        ("https://a.example/small", "200 OK", "text/html", small.encode(), "2023-09-25T08:00:00Z"),
    ])
    (_, big), (_, article) = read_all(path)
    assert big.reason == "response is over the 2 KB limit for one article"
    assert article.url == "https://a.example/small"
