"""Validate step: loaded YAML values to the typed model, or problems at their positions.

Structure and types are checked by the pydantic models in :mod:`model`; each of pydantic's
errors is turned into a message an author can act on and placed at the YAML it is about.
Rules that span fields live in :mod:`rules`.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, Tag, ValidationError
from pydantic_core import ErrorDetails

from . import model, rules
from .blocks import BLOCK_TYPES
from .errors import ContentError, Problem
from .load import Document, PathKey
from .placeholders import placeholder_warnings

M = TypeVar("M", bound=BaseModel)
_YAML_READS = {bool: "true/false", int: "a number", float: "a number", type(None): "empty (null)",
               datetime.date: "a date", datetime.datetime: "a date and time"}


def _data_path(data: Any, loc: tuple[int | str, ...], absent_key: bool) -> PathKey:
    """The part of a pydantic error location that exists in the data (drops union tags).

    With ``absent_key`` the last key is kept although the data lacks it (a missing key).
    """
    path: list[int | str] = []
    for index, key in enumerate(loc):
        present = (isinstance(data, dict) and key in data) or (
            isinstance(data, list) and isinstance(key, int) and 0 <= key < len(data))
        if present:
            data = data[key]
            path.append(key)
        elif absent_key and index == len(loc) - 1 and isinstance(key, str):
            path.append(key)
    return tuple(path)


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated``, ``Optional`` and ``list`` down to a model or the block union."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated or origin is list:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(members) > 1:
                return annotation
            annotation = members[0]
        else:
            return annotation


def _tagged(union: Any, tag: str) -> Any:
    """The member of a tagged union (blocks, questions) whose ``Tag`` is ``tag``."""
    for member in typing.get_args(union):
        if typing.get_origin(member) is typing.Annotated:
            cls, *metadata = typing.get_args(member)
            if any(isinstance(m, Tag) and m.tag == tag for m in metadata):
                return cls
    return None


def _model_at(root: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that owns the last key of ``loc`` (to suggest the keys it does have)."""
    current: Any = root
    for key in loc[:-1]:
        current = _unwrap(current)
        if isinstance(key, int):
            continue  # a list index: the unwrapped item type is already current
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            current = _tagged(current, key)  # pydantic's location names the member's tag
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(key)
            current = field.annotation if field else None
        if current is None:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unknown_key(key: str, owner: type[BaseModel] | None) -> str:
    valid = list(owner.model_fields) if owner else []
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}'; did you mean '{close[0]}'?"
    # A key one level too far out: a mapping beside it takes it.
    for name, field in (owner.model_fields.items() if owner else []):
        inner = _unwrap(field.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and key in inner.model_fields:
            return (f"'{key}' belongs inside '{name}': indent it to line up with the keys "
                    f"under '{name}:'")
    if valid:
        return f"unknown key '{key}'; the keys here are: {', '.join(valid)}"
    return f"unknown key '{key}'; remove it or check the spelling"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)

# What to do about a list that is too short, where the key alone does not say it.
_TOO_SHORT = {"answers": ": the letter of each right option; a question with one right "
                         "option has 'answer' instead",
              "order": ": the items in the right order"}


def _message(error: ErrorDetails, doc: Document, path: PathKey, root: type[BaseModel]) -> str:
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        return f"missing required key '{path[-1]}'"
    if kind == "extra_forbidden":
        return _unknown_key(str(path[-1]), _model_at(root, error["loc"]))
    if kind == "bool_type" and isinstance(value, str):
        return f"expected true or false, got {value!r}; write it without quotes"
    if kind.endswith("_type") and path in doc.raw:
        reads = _YAML_READS.get(type(value), f"a {type(value).__name__}")
        wanted = "text" if kind == "string_type" else error["msg"].removeprefix("Input should be ")
        return (f"expected {wanted}, but YAML reads {doc.raw[path]!r} as {reads}"
                + (f"; put it in quotes: \"{doc.raw[path]}\"" if kind == "string_type" else ""))
    if kind == "literal_error":
        options = [o.strip("'") for o in re.findall(r"'[^']*'", ctx.get("expected", ""))]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"{value!r} is not one of: {', '.join(options)}{hint}"
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        wanted = "a list (lines starting with '- ')" if kind == "list_type" else "a mapping of keys"
        return f"expected {wanted}, got {_describe(value)}"
    if kind == "block_kind" and isinstance(value, dict) and len(value) == 1:
        written = str(next(iter(value)))
        close = difflib.get_close_matches(written.replace("-", "_"), list(BLOCK_TYPES), n=1,
                                          cutoff=0.6)
        hint = (f"did you mean '{close[0]}'?" if close
                else f"the kinds are: {', '.join(BLOCK_TYPES)}")
        return f"'{written}' is not a block kind; {hint}"
    if kind == "too_short":
        least, hint = ctx.get("min_length"), _TOO_SHORT.get(str(path[-1]), "")
        return f"needs at least {least} item{'s' * (least != 1)}{hint}"
    if kind == "too_long":
        return f"has more than the {ctx.get('max_length')} items allowed"
    if kind == "string_too_long":
        return (f"text is {len(str(value)):,} characters, over the limit of "
                f"{ctx.get('max_length'):,}; shorten it or split it")
    if kind == "int_type":
        return f"expected a whole number, got {_describe(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        bound = int(bound) if isinstance(bound, float) and bound.is_integer() else bound
        return f"must be at {'least' if kind == 'greater_than_equal' else 'most'} {bound}"
    return f"{error['msg']} (got {_describe(value)})" if kind.endswith("_type") else error["msg"]


# What YAML may read a scalar as that is still text where text is expected (not null).
_AS_WRITTEN = (bool, int, float, datetime.date)


def _text_as_written(doc: Document, errors: list[ErrorDetails]) -> Any:
    """``doc``'s data with each scalar that YAML read as a number, a yes/no or a date, where
    the model expects text, replaced by its source text (``21``, ``1.10``, ``no``, ``12:30``
    are text there, as the author wrote them); ``None`` when there is none."""
    paths = [path for error in errors if error["type"] == "string_type"
             and (path := _data_path(doc.data, error["loc"], False)) in doc.raw
             and isinstance(error.get("input"), _AS_WRITTEN)]
    if not paths:
        return None
    data = copy.deepcopy(doc.data)
    for path in paths:
        _value_at(data, path[:-1])[path[-1]] = doc.raw[path]
    return data


def _value_at(data: Any, path: PathKey) -> Any:
    for key in path:
        data = data[key]
    return data


def validate_model(cls: type[M], doc: Document) -> tuple[M | None, list[Problem]]:
    """``doc``'s values as a ``cls``, or ``None`` and a problem for each of pydantic's errors.

    Where the model expects text, a scalar is taken as the author wrote it; a number that
    YAML 1.1 reads differently (``012``, ``12:30``) and that stays a number is an error.
    """
    data, result, errors = doc.data, None, []
    try:
        result = cls.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        as_written = _text_as_written(doc, errors)
        if as_written is not None:
            data = as_written
            try:
                result, errors = cls.model_validate(data), []
            except ValidationError as again:
                errors = again.errors()
    surprises = [doc.problem(path, message) for path, message in doc.surprising.items()
                 if not isinstance(_value_at(data, path), str)]
    if result is not None and not surprises:
        return result, []
    messages: dict[PathKey, tuple[str, bool]] = {}
    for error in errors:
        absent = error["type"] in ("missing", "extra_forbidden")
        path = _data_path(doc.data, error["loc"], absent)
        if error["type"] == "extra_forbidden" and path not in doc.keys \
                and path[:-2] + path[-1:] in doc.keys:
            path = path[:-2] + path[-1:]  # beside a block's kind, which the location names
        messages[path] = (_message(error, doc, path, cls), error["type"] == "extra_forbidden")
    # A misspelled key also leaves its real key missing; the suggestion says it all.
    for path, (message, _) in list(messages.items()):
        suggestion = re.search(r"did you mean '([^']+)'", message)
        if suggestion and path[:-1] + (suggestion.group(1),) in messages:
            del messages[path[:-1] + (suggestion.group(1),)]
    return None, surprises + [doc.problem(path, message, at_key=at_key)
                              for path, (message, at_key) in messages.items()]


def check_chapter(doc: Document) -> tuple[model.Chapter | None, list[Problem]]:
    """The chapter in ``doc`` and every problem in it, warnings included."""
    chapter, problems = validate_model(model.Chapter, doc)
    if chapter is not None:
        problems = [doc.problem(path, message) for path, message in rules.chapter_errors(chapter)]
        problems += [doc.problem(path, message, warning=True)
                     for path, message in rules.chapter_warnings(chapter)]
    return chapter, problems + split_item_warnings(doc) + placeholder_warnings(doc)


def split_item_warnings(doc: Document) -> list[Problem]:
    """A warning at each item of a ``[a, b]`` list whose brackets or quotes do not pair up."""
    return [doc.problem(path, "a comma may have split this item (its brackets or quotes do "
                              "not pair up); write the list one item a line, each after '- '",
                        warning=True) for path in doc.split_items]


def validate_chapter(doc: Document) -> model.Chapter:
    """The chapter in ``doc``, or :class:`ContentError` if it has errors (warnings pass)."""
    chapter, problems = check_chapter(doc)
    if chapter is None or any(not p.warning for p in problems):
        raise ContentError(problems)
    return chapter
