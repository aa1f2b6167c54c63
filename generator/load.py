"""Load step: read a YAML file into plain values, remembering where each value stands.

Only the safe core of YAML is accepted. Anchors and aliases, custom or Python tags,
duplicate keys and absurd nesting are refused here, at their position, before any value
is built from them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import ContentError, Problem
from .second_look import anchor_problems, maybe_anchor, syntax_hint, unbalanced

# libyaml parses about ten times faster than the pure-Python loader; wheels ship it.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where installed

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40

_CORE = "tag:yaml.org,2002:"
_STR = _CORE + "str"
_SCALAR_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
# Numbers that YAML 1.1 reads differently from what an author (and a YAML 1.2 editor) sees:
# octal 012 is 10, sexagesimal 12:30 is 750, 1_000 is 1000, 0x1F and 0b11 are hex and binary.
_SURPRISING_NUMBER = re.compile(r"^[-+]?(0[0-9_]+|0[xXbB].*|.*[:_].*)$")

Key = str | int
PathKey = tuple[Key, ...]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class Document:
    """A YAML file's values plus the position of every value and every mapping key."""

    file: str
    data: Any
    # Where each value and each key starts, as the parser marked it (0-based; see position).
    values: dict[PathKey, yaml.Mark] = field(default_factory=dict)
    keys: dict[PathKey, yaml.Mark] = field(default_factory=dict)
    # The source text of scalars YAML read as something other than text (``no``, ``1.10``).
    raw: dict[PathKey, str] = field(default_factory=dict)
    # Numbers YAML 1.1 reads differently from what the author sees (``012``, ``12:30``):
    # text where text is expected, an error where a number is (see validate.py).
    surprising: dict[PathKey, str] = field(default_factory=dict)
    # Items of a one-line list ``[a, b]`` that a comma inside them may have split.
    split_items: list[PathKey] = field(default_factory=list)

    def problem(self, path: PathKey, message: str, *, at_key: bool = False,
                warning: bool = False) -> Problem:
        """A problem about the value at ``path`` (or its key), named by its path.

        It is placed at the value, or at the nearest enclosing value that has a position (a
        missing key is reported where its mapping starts).
        """
        found = Position(1, 1)
        for end in range(len(path), -1, -1):
            position = self.position(path[:end], at_key=at_key) or self.position(path[:end])
            if position:
                found = position
                break
        text = f"{show_path(path)}: {message}" if path else message
        return Problem(self.file, found.line, found.column, text, warning)

    def position(self, path: PathKey, *, at_key: bool = False) -> Position | None:
        """Where the value at ``path`` (or its key) starts, if there is one."""
        mark = (self.keys if at_key else self.values).get(path)
        return Position(mark.line + 1, mark.column + 1) if mark else None


def show_path(path: PathKey) -> str:
    """A path as authors read it: ``sections[6].blocks[0].quiz[0].answer``."""
    text = ""
    for key in path:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else key)
    return text


def _tag(node: yaml.Node) -> str:
    return "!!" + node.tag[len(_CORE):] if node.tag.startswith(_CORE) else node.tag


def _tag_message(node: yaml.Node) -> str:
    return (f"tag '{_tag(node)}' is not allowed; remove it (only plain YAML values are read: "
            "text, numbers, true/false, lists and mappings)")


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Loader(LOADER):  # type: ignore[misc,valid-type]
    """The loader, its implicit tags resolved without the general resolver's detours: a
    scalar's candidates are those for its first character (PyYAML's own table); the rest
    are text. (Called for every scalar of every file: a tenth of a cold check.)"""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:
            tag: str = super().resolve(kind, value, implicit)
            return tag
        if implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return _STR


def _byte_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return Position(before.count(b"\n") + 1, offset - line_start + 1)


def _decode(raw: bytes, file: str) -> str:
    nul = raw.find(b"\0")
    if nul >= 0:
        at = _byte_position(raw, nul)
        raise ContentError([Problem(file, at.line, at.column,
                                    f"NUL byte at byte {nul}; save the file as UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = _byte_position(raw, exc.start)
        raise ContentError([Problem(
            file, at.line, at.column,
            f"invalid UTF-8 at byte {exc.start}; save the file as UTF-8")]) from None


class _Builder:
    """Turns composed nodes into values, recording positions and refusing unsafe YAML."""

    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []
        self.seen: set[int] = set()
        self.aliased = False
        self.constructor = SafeConstructor()

    def fail(self, node: yaml.Node, message: str) -> None:
        at = _position(node)
        self.problems.append(Problem(self.document.file, at.line, at.column, message))

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        if id(node) in self.seen:
            # The composer hands back the anchored node itself for every alias: never build it
            # twice (an alias bomb would explode), and report the aliases themselves after.
            self.aliased = True
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.fail(node, f"nested more than {MAX_DEPTH} levels deep; flatten the structure")
            return None
        self.document.values[path] = node.start_mark
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value  # what the constructor would make of it, without its call
            self.document.raw[path] = node.value
            value = self.scalar(node)
            if node.tag in (_CORE + "int", _CORE + "float") and _SURPRISING_NUMBER.match(
                    node.value):
                self.document.surprising[path] = (
                    f"YAML 1.1 reads {node.value!r} as the number {value}; write the number "
                    "as a plain decimal")
            return value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _CORE + "seq":
                self.fail(node, _tag_message(node))
            if node.flow_style:  # [a, b, c]: a comma in an item's text splits it
                self.document.split_items += [path + (i,) for i, item in enumerate(node.value)
                                              if unbalanced(item)]
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.MappingNode)  # the composer makes no other kind of node
        return self.mapping(node, path, depth)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            self.fail(node, _tag_message(node))
            return None
        return self.constructor.construct_object(node)

    def mapping(self, node: yaml.MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        if node.tag != _CORE + "map":
            self.fail(node, _tag_message(node))
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag == _CORE + "str"):
                self.fail(key_node, "keys must be plain words such as 'title'")
                continue
            key = key_node.value
            if key in result:
                first = self.document.keys[path + (key,)]
                self.fail(key_node, f"duplicate key '{key}' (first at line {first.line + 1}); "
                                    "keep only one")
                continue
            at = path + (key,)
            self.document.keys[at] = key_node.start_mark
            result[key] = self.build(value_node, at, depth + 1)
        return result


def load_document(path: Path, file: str) -> Document:
    """Read ``path`` (shown to authors as ``file``) into a :class:`Document`.

    Raises :class:`ContentError` with positioned problems when the file is unreadable,
    not YAML, unsafe, or not a mapping at the top.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(file, 1, 1, f"cannot read file: {exc.strerror}")]) from None
    return parse_document(raw, file)


def parse_document(raw: bytes, file: str) -> Document:
    """The :class:`Document` in the bytes ``raw`` of ``file``; see :func:`load_document`."""
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([Problem(file, 1, 1, f"file is {len(raw):,} bytes, over the limit "
                                                f"of {MAX_FILE_BYTES:,}; split it")])
    text = _decode(raw, file)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = ", ".join(filter(None, [exc.context, exc.problem])) or "not valid YAML"
        if mark and text[mark.index:mark.index + 1] == "\t":
            problem += "; indent with spaces, not tabs"
        elif mark:
            problem += syntax_hint(text.split("\n"), mark.line, mark.column, problem)
        raise ContentError([Problem(file, line, column, f"YAML syntax: {problem}")]) from None
    except RecursionError:
        raise ContentError([Problem(file, 1, 1, "nested too deeply to read")]) from None
    if root is None:
        raise ContentError([Problem(file, 1, 1, "file is empty; see the README for a template")])
    document = Document(file, None)
    builder = _Builder(document)
    if not isinstance(root, yaml.MappingNode):
        builder.fail(root, "the file must be a mapping of keys (such as 'title:') at the top")
    else:
        document.data = builder.build(root, (), 0)
    if builder.aliased or maybe_anchor(text):  # else no anchor: skip a second parse
        builder.problems += anchor_problems(yaml.parse(text, Loader=LOADER), file)
    if builder.problems:
        raise ContentError(builder.problems)
    return document
