"""Helpers shared by the differential tests of the brace languages' C metrics pass
(tests/test_brace_metrics_native*.py): the native pass, its pure-Python specification and their
field-by-field comparison, the generated mobile tree and the strategies of the random inputs."""

from __future__ import annotations

import pathlib

from hypothesis import strategies as st

from observe_core import _backend
from observe_core._python.brace_metrics import analyze_source as spec

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "mobile_metrics"      # the hand-checked files
native = _backend._native.analyze_brace_source
FILLERS = [" ", "\n", "x", "a", "f(", "y()", ";"]      # added to every random mix's pieces
RANDOM_BYTES = st.binary(max_size=400)                # the input of every test_random_bytes


def both(data, language: str, path: str = "<string>") -> dict:
    """The native record of data, asserted identical (field by field, then whole) to the spec's."""
    expected = spec(data, language, path)
    for function in expected["functions"]:     # the C clamps at 0: a negative would hide
        assert function["cognitive_complexity"] >= 0, function
        assert function["cyclomatic_complexity"] >= 1, function
    got = native(data, language, path)
    for key in expected:
        if key in ("functions", "classes", "diagnostics"):
            assert len(got[key]) == len(expected[key]), key
            for mine, theirs in zip(got[key], expected[key]):
                assert mine == theirs, key
    assert list(got) == list(expected)
    assert got == expected
    return got


def hand_checked(path: pathlib.Path, language: str, minimum: int) -> dict:
    """both() on a hand-checked file, asserted to have minimum functions and no diagnostics."""
    record = both(path.read_bytes(), language, str(path))
    assert record["num_functions"] >= minimum and record["diagnostics"] == []
    return record


def both_for(language: str):
    """both() for one language: a function of (data, path="<string>")."""
    def compare(data, path: str = "<string>") -> dict:
        return both(data, language, path)
    return compare


def generated_tree(tmp_path, languages: dict, rewrite=None) -> tuple:
    """both() on the files of a 300-file mobile tree (seed 3) whose suffix languages maps to a
    language, each file's bytes passed through rewrite first if given: (the number of files a
    suffix, the number of functions in all)."""
    import gen_mobile_tree
    gen_mobile_tree.write_tree(str(tmp_path), 300, seed=3)
    counts = dict.fromkeys(languages, 0)
    functions = 0
    for path in sorted(tmp_path.rglob("*")):
        language = languages.get(path.suffix)
        if language and path.is_file():
            data = path.read_bytes()
            if rewrite is not None:
                data = rewrite(data)
            functions += both(data, language, str(path))["num_functions"]
            counts[path.suffix] += 1
    return counts, functions


def via_public_api(tmp_path, language: str, name: str, text: str) -> dict:
    """The record of the public API's native analyzer for a file name holding text, asserted
    equal to the spec's (and language asserted one of the natively analysed)."""
    from observe_core import complexity
    assert {language} <= complexity.NATIVE_LANGUAGES
    path = tmp_path / name
    path.write_text(text)
    record = complexity.AstAnalyzer("native").analyze_file(str(path))
    assert record == spec(path.read_bytes(), language, str(path))
    return record


def mix(data, pieces: list, max_size: int = 60) -> str:
    """A source drawn with data: a list of up to max_size of pieces, joined."""
    return "".join(data.draw(st.lists(st.sampled_from(pieces), max_size=max_size)))


def punctuation(characters: bytes):
    """Strategy: lists of up to 200 byte values of characters or "i" (the test bytes() them)."""
    return st.lists(st.sampled_from(list(characters) + [ord("i")]), max_size=200)
