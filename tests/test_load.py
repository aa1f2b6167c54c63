"""Loading YAML: positions for every value, and unsafe or broken YAML refused at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import model
from generator.errors import ContentError
from generator.load import Position, load_document
from generator.validate import validate_model


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "x.yml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_document(path, "content/x.yml")


def problems(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load(tmp_path, text)
    return [str(p) for p in caught.value.problems]


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    doc = load(tmp_path, "title: A\nsections:\n  - title: B\n    blocks: []\n")
    assert doc.data == {"title": "A", "sections": [{"title": "B", "blocks": []}]}
    assert doc.position(("title",)) == Position(1, 8)
    assert doc.position(("sections", 0, "title")) == Position(3, 12)
    assert doc.position(("sections", 0, "blocks"), at_key=True) == Position(4, 5)
    assert doc.problem(("sections", 0, "missing"), "m").line == 3


def test_non_text_scalars_keep_their_source(tmp_path: Path) -> None:
    doc = load(tmp_path, "a: no\nb: 1.10\nc: ~\nd: 2026-11-26\ne: 'quoted'\n")
    assert doc.data["a"] is False and doc.data["b"] == 1.1 and doc.data["c"] is None
    assert doc.raw == {("a",): "no", ("b",): "1.10", ("c",): "~", ("d",): "2026-11-26"}


@pytest.mark.parametrize(("raw", "number"), [("012", 10), ("12:30", 750), ("1_000", 1000),
                                              ("0x1F", 31), ("1:30.5", 90.5)])
def test_numbers_yaml_1_1_reads_differently_are_refused_where_numbers_go(
        tmp_path: Path, raw: str, number: float) -> None:
    doc = load(tmp_path, f"a: {raw}\n")
    assert doc.data == {"a": number}
    assert doc.surprising == {("a",): f"YAML 1.1 reads {raw!r} as the number {number}; write "
                                      "the number as a plain decimal"}
    chapter = f"number: {raw}\ntitle: T\nsummary: S\nsections: []\n"
    path = tmp_path / "c.yml"
    path.write_text(chapter, encoding="utf-8")
    _, found = validate_model(model.Chapter, load_document(path, "content/x.yml"))
    assert f"content/x.yml:1:9: number: YAML 1.1 reads {raw!r} as the number {number}; write " \
           "the number as a plain decimal" in [str(p) for p in found]


@pytest.mark.parametrize(("text", "expected"), [
    ("a: &x hi\n", "content/x.yml:1:4: anchor '&x': anchors and aliases are not "
                   "supported; write the value out where it is needed"),
    ("a: !!python/object/apply:os.system [ls]\n",
     "content/x.yml:1:4: tag '!!python/object/apply:os.system' is not allowed; remove it (only "
     "plain YAML values are read: text, numbers, true/false, lists and mappings)"),
    ("a: !custom x\n", "content/x.yml:1:4: tag '!custom' is not allowed; remove it (only plain "
                       "YAML values are read: text, numbers, true/false, lists and mappings)"),
    ("a: 1\nb:\n  c: 2\n  c: 3\n", "content/x.yml:4:3: duplicate key 'c' (first at line 3); "
                                   "keep only one"),
    ("", "content/x.yml:1:1: file is empty; see the README for a template"),
    ("- a\n- b\n", "content/x.yml:1:1: the file must be a mapping of keys (such as 'title:') "
                   "at the top"),
    ("a: 1\n---\nb: 2\n", "content/x.yml:2:1: YAML syntax: expected a single document in the "
                          "stream, but found another document"),
    ("a: [1\nb: 2\n", "content/x.yml:2:2: YAML syntax: while parsing a flow sequence, "
                    "did not find expected ',' or ']'"),
    ("a:\n\tb: 1\n", "content/x.yml:2:1: YAML syntax: while scanning for the next token, "
                     "found character that cannot start any token; indent with spaces, not tabs"),
    ("? [a]\n: 1\n", "content/x.yml:1:3: keys must be plain words such as 'title'"),
    (b"a: ok\nb: \xff\n", "content/x.yml:2:4: invalid UTF-8 at byte 9; save the file as UTF-8"),
    (b"a: ok\0\n", "content/x.yml:1:6: NUL byte at byte 5; save the file as UTF-8 text"),
])
def test_refused_with_position(tmp_path: Path, text: str | bytes, expected: str) -> None:
    assert problems(tmp_path, text) == [expected]


def test_an_anchor_and_its_alias_are_both_named(tmp_path: Path) -> None:
    assert problems(tmp_path, "a: &x [1]\nb: *x\nc: Q&A\n") == [
        "content/x.yml:1:4: anchor '&x': anchors and aliases are not supported; write the "
        "value out where it is needed",
        "content/x.yml:2:4: alias '*x': anchors and aliases are not supported; write the "
        "value out where it is needed"]


def test_deep_nesting_and_size_limits(tmp_path: Path) -> None:
    deep = "a: " + "[" * 60 + "]" * 60 + "\n"
    assert problems(tmp_path, deep)[0].endswith("nested more than 40 levels deep; "
                                                "flatten the structure")
    huge = "a: '" + "x" * 1_000_001 + "'\n"
    assert problems(tmp_path, huge) == [
        "content/x.yml:1:1: file is 1,000,007 bytes, over the limit of 1,000,000; split it"]


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    doc = load(tmp_path, "\ufeffa: 1\r\nb: two\r\n".encode())
    assert doc.data == {"a": 1, "b": "two"}
    assert doc.position(("b",)) == Position(2, 4)


SCALARS = ["7", "'7'", '"7"', "-1", "+3", "012", "0x1F", "0b11", "1_000", "12:30", "1.5",
           "1e3", ".inf", "-.Inf", ".nan", "yes", "No", "ON", "off", "true", "False", "y",
           "n", "~", "null", "Null", "", "''", "2024-01-31", "2024-01-31 10:00:00",
           "2024-1-3", "text", "7 dwarfs", "-x", "=", "<<", ".", "'yes'", "!!str 7"]


def test_the_fast_resolver_tags_every_scalar_as_pyyaml_does() -> None:
    """load._Loader resolves implicit tags by a shortcut; it must agree with PyYAML's own."""
    import yaml

    from generator.load import LOADER, _Loader

    def tags(node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            return [node.tag]
        items = node.value if isinstance(node, yaml.SequenceNode) else \
            [n for pair in node.value for n in pair]
        return [node.tag, *(tag for item in items for tag in tags(item))]

    sample = (Path(__file__).parents[1] / "content" / "07-continual-improvement.yml").read_text()
    for text in [*(f"a: {scalar}\nb: [{scalar}]\n" for scalar in SCALARS), sample]:
        assert tags(yaml.compose(text, Loader=_Loader)) == \
               tags(yaml.compose(text, Loader=LOADER)), text
