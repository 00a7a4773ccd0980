"""A real browser (Debian's headless Chromium, driven by Playwright) against `provenance serve`.

Walks what a fact-checker does: home → the quotes table with a facet → a search → "Where did
this quote first appear?" with its diff, plus the other provenance pages and a hostile article.
Screenshots go to the test's tmp dir, or to $PROVENANCE_SCREENSHOTS (docs/screenshots is made
with ``PROVENANCE_SCREENSHOTS=docs/screenshots python -m pytest tests/test_browser.py``).

Skips only when no Chromium binary is installed (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from test_serve_fixture import build_fixture_db

from provenance.serve import SQL_TIME_LIMIT_MS

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and os.path.exists(p)), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def provenance_command() -> list[str]:
    script = pathlib.Path(sys.executable).with_name("provenance")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from provenance.cli import cli; cli()"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`provenance serve` on a free port against the fixture database; yields its base URL."""
    db_path = build_fixture_db(tmp_path_factory.mktemp("browser"))
    port = free_port()
    log = open(db_path.parent / "serve.log", "w+")
    process = subprocess.Popen([*provenance_command(), "serve", "--db", str(db_path), "-p", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until it answers (or gives up after ~30 s)
            if process.poll() is not None:
                break
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        if process.poll() is not None:
            log.seek(0)
            pytest.fail("provenance serve exited:\n" + log.read())
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from playwright.sync_api import sync_playwright  # in the test extra: a missing one must fail

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1200, "height": 900},
        )
        page = context.new_page()
        page.dialogs = []
        page.errors = []
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        yield page
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    directory = pathlib.Path(os.environ.get("PROVENANCE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def shoot(page, shots, name):
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5000  # a rendered page, not a blank
    return path


def test_provenance_serve_is_read_only_time_limited_with_plugin(server):
    def get(path):
        return json.loads(urllib.request.urlopen(server + path, timeout=10).read())

    assert [d["is_mutable"] for d in get("/-/databases.json")] == [False]
    assert get("/-/settings.json")["sql_time_limit_ms"] == SQL_TIME_LIMIT_MS
    assert any("provenance" in p["name"] for p in get("/-/plugins.json"))
    assert get("/provenance.json?sql=select+fuzz_ratio('abc','abc')+as+r&_shape=array") == [{"r": 100.0}]


def test_home_lists_the_provenance_questions(server, page, shots):
    page.goto(server + "/")
    assert page.locator("h1").inner_text() == "provenance"
    links = page.locator(".provenance-home a")
    assert "Where did this quote first appear?" in links.all_inner_texts()
    body = page.inner_text("body")
    assert "Data license" in body and "7 articles from 7 outlets" in body and "2 likely spun copies" in body
    shoot(page, shots, "01-home")


def test_quotes_table_facet_by_speaker(server, page, shots):
    page.goto(server + "/provenance/quotes")
    facet = page.locator(".facet-info[data-column=speaker_id] a", has_text="Beniamin Matevossian")
    facet.first.click()
    page.wait_for_load_state()
    assert "speaker_id=" in page.url
    speakers = page.locator("td.col-speaker_id").all_inner_texts()
    assert speakers and all("Beniamin Matevossian" in s for s in speakers)
    shoot(page, shots, "02-quotes-facet-speaker")


def test_search_quotes_with_outlet_and_date(server, page, shots):
    page.goto(server + "/provenance/quotes_by_speaker")
    page.fill("input#_search", "blackmail")
    page.locator("form.filters input[type=submit]").click()
    page.wait_for_load_state()
    texts = page.locator("td.col-text").all_inner_texts()
    assert len(texts) == 2 and all("blackmail" in t for t in texts)
    outlets = set(page.locator("td.col-outlet").all_inner_texts())
    assert outlets == {"Caucasus Wire", "spinfarm.example"}
    shoot(page, shots, "03-search-blackmail")
    page.locator("a.first-appearance-link").first.click()  # from a row straight to its provenance
    page.wait_for_load_state()
    assert "2023-09-24 in Caucasus Wire" in page.locator(".cluster .first-appearance").first.inner_text()


def test_first_appearance_with_diff(server, page, shots):
    page.goto(server + "/")
    page.get_by_role("link", name="Where did this quote first appear?").first.click()
    page.fill("textarea#q", "It's depressing that Armenia's membership in the CSTO did not deter Azerbaijan")
    page.get_by_role("button", name="Find first appearance").click()
    page.wait_for_load_state()
    cluster = page.locator(".cluster").first
    assert "2022-11-25 in Original Herald" in cluster.locator(".first-appearance").inner_text()
    assert cluster.locator("ol.outlets li").all_inner_texts() == ["2022-11-25 — Original Herald", "2022-11-26 — newsfarm.example"]
    assert "depressing" in cluster.locator("del").all_inner_texts()
    assert "miserable" in cluster.locator("ins").all_inner_texts()
    assert cluster.locator("ins", has_text="miserable").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shoot(page, shots, "04-first-appearance-diff")
    cluster.get_by_role("link", name="in context").nth(1).click()  # the spun copy, read in full
    page.wait_for_load_state()
    assert page.url.endswith("#quote-" + page.locator("mark").filter(has_text="miserable").get_attribute("id").split("-")[1])
    assert "newsfarm.example" in page.inner_text(".cluster") and "looks like a spun copy" in page.inner_text(".cluster")
    shoot(page, shots, "09-article-in-context")


def test_other_provenance_pages(server, page, shots):
    page.goto(server + "/-/changed-wording")
    assert "international" in page.locator("ins").all_inner_texts()
    shoot(page, shots, "05-changed-wording")
    page.goto(server + "/-/spun-copies")
    assert page.locator(".cluster h3").count() == 2
    shoot(page, shots, "06-spun-copies")
    page.goto(server + "/-/speaker?name=de+Waal")
    assert "Thomas de Waal" in page.inner_text("body")
    shoot(page, shots, "07-speaker")


def test_hostile_article_markup_never_runs(server, page, shots):
    page.goto(server + "/provenance/articles?_search=onerror")
    assert "<img src=x onerror" in page.inner_text("body")  # shown as text...
    page.goto(server + "/-/first-appearance?q=Nothing+here+should+run+in+a+browser")
    assert "<script>" in page.locator(".cluster").first.inner_text()
    shoot(page, shots, "08-hostile-escaped")
    page.goto(server + "/provenance/articles?outlet=Hostile+Gazette")
    page.locator("td.col-id a").first.click()
    article_id = page.url.rstrip("/").split("/")[-1]
    for path in ("/provenance/articles", "/provenance/quotes?_search=Nothing", "/-/speaker?name=Mallory",
                 "/-/changed-wording", f"/-/article/{article_id}"):
        page.goto(server + path)
        assert page.evaluate("typeof window.__xss") == "undefined", path  # ...and never executed
    assert page.dialogs == [] and page.errors == []
