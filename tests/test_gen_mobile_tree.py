"""The mobile-tree generator of the rules benchmark (bench/gen_mobile_tree.py): same seed, same
bytes; every language of the mix; brackets that balance outside strings and comments."""

from __future__ import annotations

import os
from collections import Counter

import gen_mobile_tree as gen
from observe_core._python.rule_regions import language_of, regions

SOURCE_EXTENSIONS = {".kt", ".java", ".swift", ".m", ".h", ".js", ".jsx", ".ts", ".tsx", ".dart"}
MANIFESTS = {"AndroidManifest.xml", "Info.plist", "pubspec.yaml", "package.json"}
PAIRS = {")": "(", "]": "[", "}": "{"}


def test_same_seed_same_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert gen.write_tree(str(first), files=50, seed=11) == gen.write_tree(str(second), 50, 11)
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(names) == 50
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_another_seed_another_tree():
    assert list(gen.generate(20, seed=11)) != list(gen.generate(20, seed=12))


def test_a_small_tree_is_the_start_of_a_larger_one():
    # the rules benchmark's 100-file case relies on this
    assert list(gen.generate(50, seed=11)) == list(gen.generate(120, seed=11))[:50]


def test_language_mix_and_sizes():
    files = list(gen.generate(400, seed=11))
    counts = Counter(os.path.splitext(path)[1] for path, _ in files)
    assert SOURCE_EXTENSIONS <= set(counts), counts
    assert MANIFESTS <= {os.path.basename(path) for path, _ in files}
    assert len({path for path, _ in files}) == len(files)
    sizes = sorted(len(text.encode()) for _, text in files)
    assert sizes[-1] <= gen.MAX_SIZE
    median = sizes[len(sizes) // 2]
    assert 2000 <= median <= 6000, median


def unbalanced(text: str, path: str):
    """The first bracket outside strings and comments that does not balance, as (offset, char),
    or None. Strings and comments are found by the rule engine's region scanner."""
    data = text.encode()
    language = "objc" if path.endswith(".h") else language_of(path)
    skip = {offset for start, end, _ in regions(data, language) for offset in range(start, end)}
    stack = []
    for offset, byte in enumerate(data):
        char = chr(byte)
        if offset in skip:
            continue
        if char in "([{":
            stack.append((offset, char))
        elif char in PAIRS and (not stack or stack.pop()[1] != PAIRS[char]):
            return offset, char
    return stack[-1] if stack else None


def test_brackets_balance_outside_strings_and_comments():
    checked = Counter()
    for path, text in gen.generate(300, seed=11):
        ext = os.path.splitext(path)[1]
        if ext in SOURCE_EXTENSIONS:
            assert unbalanced(text, path) is None, path
            checked[ext] += 1
    assert set(checked) == SOURCE_EXTENSIONS
