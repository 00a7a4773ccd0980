"""The examples in docstrings (each sieve and rule shows one) are run, so they stay true."""

import doctest
import importlib
import pkgutil

import pytest

import provenance
import provenance.attribute


def _modules() -> list[str]:
    names = ["provenance." + m.name for m in pkgutil.iter_modules(provenance.__path__)]
    names += ["provenance.attribute"]
    names += ["provenance.attribute." + m.name for m in pkgutil.iter_modules(provenance.attribute.__path__)]
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_parser_modules_carry_examples():
    finder = doctest.DocTestFinder()
    examples = sum(
        len(test.examples)
        for name in _modules() if name.startswith("provenance.attribute")
        for test in finder.find(importlib.import_module(name))
    )
    assert examples >= 60  # every sieve and rule has one; a silent collection of none would pass above
