"""The pages of a run: rendered from templates, each kept under what its template was
handed, or found again where a run in an earlier process left it (see :mod:`manifest`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jinja2

from .jinja import render_template
from .links import heading_ids
from .memo import Lazy, Memo, fingerprint, stable_digest
from .recall import Recall
from .write import Generated, mark_generated


class Deferred:
    """A page of a check, whose heading ids are worked out only when asked for: when a link
    leads to it, or when the project's own templates might fail on it."""

    def __init__(self, ids: Callable[[], tuple[str, ...]]) -> None:
        self._ids = ids

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The ids of the page's headings (see :meth:`HeadingIds.of`)."""
        return self._ids()


@dataclass(frozen=True)
class HeadingIds:
    """The heading ids of pages by the :func:`memo.stable_digest` of their inputs: those an
    earlier check recorded (``known``), and those this run asked for (``found``).

    ``every`` page is rendered when the project overrides templates, whose mistakes a
    check must report; the shipped templates are not run for a check unless a link needs
    a page's headings (they are tested to render every valid course).
    """

    known: Mapping[str, tuple[str, ...]]
    every: bool = False
    found: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def on_demand(self) -> bool:
        """Whether a page is rendered only when a link asks for its headings."""
        return not self.every

    def of(self, key: Hashable, render: Callable[[], str]) -> tuple[str, ...]:
        """The heading ids of the page whose inputs are ``key``: as recorded, or rendered."""
        name = stable_digest(key)
        found = self.known.get(name)
        if found is None:
            found = tuple(heading_ids(render()))
        self.found[name] = found
        return found


@dataclass(frozen=True)
class Pages:
    """The templates of a run, and the pages rendered with them, each kept under what its
    template was handed (see :func:`memo.fingerprint`): a page is rendered again exactly
    when one of its inputs changed, and a new template variable cannot be left out.

    With ``ids`` (a check), a page is :class:`Deferred`: not even its key is made unless
    its heading ids are asked for.
    """

    env: jinja2.Environment
    env_key: Hashable  # what the environment is made of: templates, overrides, course words
    memo: Memo
    ids: HeadingIds | None = None
    recall: Recall | None = None

    def render(self, template: str, origin: tuple[str, ...], *,
               at: tuple[str, int | None] | None = None, finish: Lazy | None = None,
               **context: Any) -> Generated:
        """The page ``template`` renders from ``context``, marked as coming from ``origin``;
        with ``finish`` (whose ``make`` is handed the page), what that makes of it (a part
        of a page).

        ``at`` is where it is written: a file under the project and, for a part of a page,
        where in it the part starts. With a ``recall`` (a build with the build cache), a page
        whose inputs are unchanged is taken from there instead of rendered.
        """
        def key() -> Hashable:
            return ("page", template, self.env_key, origin, fingerprint(finish),
                    fingerprint(context))

        def make() -> str:
            values = {name: value.make() if isinstance(value, Lazy) else value
                      for name, value in context.items()}
            page = mark_generated(render_template(self.env, template, **values), *origin)
            made: str = finish.make(page) if finish else page
            return made

        if self.ids is not None:
            ids, memo = self.ids, self.memo

            def ids_of_page() -> tuple[str, ...]:
                page_key = key()
                return ids.of(page_key, lambda: memo.get(page_key, make))

            deferred = Deferred(ids_of_page)
            if ids.every:
                deferred.ids  # noqa: B018  # renders it, raising the template's mistake
            return deferred  # type: ignore[return-value]  # only check_links reads these
        page_key = key()
        if self.recall is None or at is None:
            return self.memo.get(page_key, make)
        path, start = at
        recalled = (self.recall.text(page_key, path if start is None else None)
                    if page_key not in self.memo else None)
        page = self.memo.get(page_key, make if recalled is None else lambda: recalled)
        self.recall.record(page_key, path, page, start or 0, whole=start is None)
        return page
