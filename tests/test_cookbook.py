"""Every SQL recipe in docs/cookbook.md runs on the fixture database and returns rows; a
``-- first row: column = value`` line in a recipe is checked against its first row."""

from __future__ import annotations

import pathlib
import re
import sqlite3

import pytest

from test_serve_fixture import build_fixture_db

from provenance.datasette_plugin import register_functions

COOKBOOK = pathlib.Path(__file__).resolve().parents[1] / "docs" / "cookbook.md"
RECIPES = re.findall(r"^## (.+?)\n.*?```sql\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), re.DOTALL | re.MULTILINE)


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    path = build_fixture_db(tmp_path_factory.mktemp("cookbook"))
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    register_functions(connection)
    yield connection
    connection.close()


def test_cookbook_has_at_least_eight_recipes():
    assert len(RECIPES) >= 8


@pytest.mark.parametrize("title,sql", RECIPES, ids=[title.split(".")[0] for title, _ in RECIPES])
def test_recipe_runs_and_returns_rows(conn, title, sql):
    rows = conn.execute(sql).fetchall()
    assert rows, title
    expected = re.search(r"^-- first row: (\w+) = (.+)$", sql, re.MULTILINE)
    if expected:
        column, value = expected.groups()
        assert str(rows[0][column]) == value.strip(), (title, dict(rows[0]))
