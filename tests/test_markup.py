"""The one Markdown parser of coursegen and the walls around it, each on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.escape import head, inert
from generator.markup import clean_text, parsed, render
from generator.reading import link_problem, links
from generator.tooltips import Tooltips
from generator.urls import Page, site_link


def test_raw_html_is_text() -> None:
    assert render("<script>alert(1)</script> <b onclick=x>b</b>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=x&gt;b&lt;/b&gt;</p>")


@pytest.mark.parametrize("text", [
    "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "<javascript:alert(1)>",
    "[x](vbscript:x)", "![i](data:text/html,x)", "[x][r]\n\n[r]: javascript:alert(1)",
    "- [r]: javascript:alert(1)\n\n[x][r]", "[x](jav&#x61;script:alert(1))",
])
def test_a_link_of_another_scheme_is_refused_and_never_rendered(text: str) -> None:
    # The check refuses it with a message; rendered anyway, it stays text (the parser's
    # link validation), and the sanitizer would drop it too.
    assert link_problem(text) is not None
    html = render(text)
    assert "<a" not in html and "<img" not in html


def test_links_the_check_sees_are_the_ones_the_parser_makes() -> None:
    assert links("[a](08-x.md#b) ![i](../img/x.png) `[c](d.md)`\n\n    [e](f.md)") == (
        "08-x.md#b", "../img/x.png")
    assert link_problem("[a](https://x.org) [b](mailto:a@b.c) [c](tel:1) [d](x.md)") is None


def test_the_sanitizer_is_a_second_wall() -> None:
    from generator.markup import _CLEANER

    dirty = ('<img src=x onerror=alert(1)><a href="javascript:alert(1)">a</a>'
             '<iframe src=x></iframe><p style="position:fixed">p</p><script>s</script>')
    assert _CLEANER.clean(dirty) == '<img src="x"><a>a</a><p>p</p>'


def test_no_line_of_author_text_starts_a_line_of_the_page() -> None:
    html = render("Para\n    ```\n    x\n\n```\ncode  \n\n\n  kept\n```\n\n[a](b 't\n# t')")
    assert all(line.startswith("<") for line in html.split("\n"))
    assert '<pre><code tabindex="0">code  &#10;&#10;&#10;  kept&#10;</code></pre>' in html


def test_control_characters_never_reach_a_page() -> None:
    assert clean_text("a\x00b\x02c\x1ed\x7fe\x85f\r\ng\th") == (
        "a\ufffdb\ufffdc\ufffdd\ufffde\ufffdf\ng\th")
    assert "\x02" not in render("\x02wzxhzdk:0\x03")


def test_tooltips_are_whole_words_as_written_outside_code_and_links() -> None:
    tips = Tooltips([(("CIR", "Continual Improvement Register"), 'A "log" <of> ideas')])
    html = render("The CIR, CIRs, cir, `CIR`, [CIR](x.md) and the Continual Improvement "
                  "Register.", tips)
    assert html.count("<abbr") == 2
    assert '<abbr title="A &quot;log&quot; &lt;of&gt; ideas">CIR</abbr>,' in html
    assert ">Continual Improvement Register</abbr>" in html


def test_the_longest_term_wins_and_a_term_at_the_end_is_found() -> None:
    tips = Tooltips([(("Service",), "s"), (("Service Desk",), "d")])
    assert [piece for piece, tip in tips.split("A Service Desk, a Service") if tip] == [
        "Service Desk", "Service"]


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("08-y.md", Page("chapters/07-x.md"), "../08-y/"),
    ("08-y.md#a", Page("chapters/07-x.md"), "../08-y/#a"),
    ("#a", Page("chapters/07-x.md"), "#a"),
    ("../images/x.svg", Page("chapters/07-x.md"), "../../images/x.svg"),
    ("../index.md", Page("chapters/07-x.md"), "../../"),
    ("https://e.org/x.md", Page("chapters/07-x.md"), "https://e.org/x.md"),
    ("chapters/07-x.md", Page("index.md"), "chapters/07-x/"),
    ("08-y.md", Page("chapters/07-x.md", directory_urls=False), "08-y.html"),
    # A handout shows the chapter's text: its links start from the chapter page.
    ("08-y.md", Page("handouts/07-x-answers.md", "chapters/07-x.md"), "../../chapters/08-y/"),
    ("#a", Page("handouts/07-x-answers.md", "chapters/07-x.md"), "../../chapters/07-x/#a"),
])
def test_links_point_where_mkdocs_puts_the_page(target: str, page: Page, expected: str) -> None:
    assert site_link(target, page) == expected


def test_plain_text_for_headings_and_the_head() -> None:
    assert inert("`a` *b* [c](d) <e> # {: .f}") == (
        "&#96;a&#96; &#42;b&#42; &#91;c&#93;&#40;d&#41; &#60;e&#62; &#35; &#123;: .f&#125;")
    assert head('Title "<img src=x onerror=alert(1)>"\n & co') == (
        "Title &#34;&lt;img src=x onerror=alert(1)&gt;&#34; &amp; co")


SOME_TOOLTIPS = Tooltips([(("CIR", "Service Desk"), 'A "log" & more')])


PIECES = st.sampled_from([*"aZé Ü1.,;:?!'\"()%/-–—$@^\t\u2028\u00a0\x0b\r\n*_[]<>&#~|{}=+\\`",
                          "CIR", "Service Desk", "1. ", "- ", "    ", "*a*", "**a**", "_a_",
                          "`a`", "[a](b)", "<b>", "&amp;", "~~a~~", "a|b\n-|-", "\\*", "#",
                          "a\n===", "> ", "&copy;", "&#35;", "a  \nb", "\\\n"])


PLAIN = st.sampled_from([*"aZé Ü1.,;:?!'\"()%/-–—$@^\t\u00a0", "CIR", "Service Desk"])
# A line that would take the short path but for one piece: the short path must refuse it.
ALMOST_PLAIN = st.tuples(st.sampled_from("aZé"), st.lists(PLAIN, max_size=5), PIECES,
                         st.lists(PLAIN, max_size=5)).map(
    lambda t: t[0] + "".join(t[1]) + t[2] + "".join(t[3]))


@settings(max_examples=2000, deadline=None)
@given(text=st.one_of(st.lists(PIECES, max_size=12).map("".join), ALMOST_PLAIN),
       tight=st.booleans())
def test_plain_lines_skip_the_parser_and_give_what_it_gives(text: str, tight: bool) -> None:
    assert render(text, SOME_TOOLTIPS, tight=tight) == parsed(text, SOME_TOOLTIPS, tight=tight)
