"""A whole course: home page, parts, coming-soon chapters, glossary, languages, scaffolding,
the publishing workflow, and a build with Zensical."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.paths import GENERATED, SITE_CONFIG, ZENSICAL_CACHE
from generator.project import Project

from .conftest import REPO, SAMPLE_CHAPTER, copy_project, coursegen, edit, require_zensical

SAMPLE = yaml.safe_load((REPO / "content" / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8"))


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path).read_text(encoding="utf-8"), "html.parser")


def text(element: object) -> str:
    return " ".join(element.get_text().replace("¶", "").split())  # type: ignore[attr-defined]


def test_home_page_has_every_chapter(built_course: Path) -> None:
    home = page(built_course, "index.html")
    assert text(home.find("h1")) == "ITIL 4 Foundation: A Practical Course"
    cards = home.select("article .chapter-cards > ul > li")
    assert len(cards) == 14
    soon = [c for c in cards if c.select_one(".coming-soon")]
    assert len(soon) == 13
    assert text(soon[0]).startswith("Chapter 1 · Coming soon") and not soon[0].find("a")
    (written,) = [c for c in cards if not c.select_one(".coming-soon")]
    assert re.fullmatch(r"Chapter 7 · \d+ min read", text(written.select_one("p")))
    assert written.find("a")["href"] == f"chapters/{SAMPLE_CHAPTER}/"
    assert SAMPLE["summary"] in text(written)
    assert [text(li) for li in written.select("ul li")] == SAMPLE["objectives"]


def test_chapter_page_navigation(built_course: Path, chapter_html: BeautifulSoup) -> None:
    assert text(chapter_html.select_one(".chapter-label")) == "Chapter 7 of 14"
    footer = chapter_html.select(".md-footer__link")
    assert [a["aria-label"].split(":")[0] for a in footer] == ["Previous", "Next"]
    assert [a["href"] for a in footer] == ["../..", "../../glossary/"]
    nav = [text(a) for a in chapter_html.select(".md-nav--primary .md-nav__link")]
    assert "Home" in nav and "Glossary" in nav
    assert text(chapter_html.select_one(".admonition.objectives")).startswith(
        "In this chapter you will")


def test_glossary_page(built_course: Path) -> None:
    glossary = page(built_course, "glossary/index.html")
    terms = [text(dt) for dt in glossary.select("article dt")]
    assert terms == sorted((t["term"] for t in SAMPLE["key_terms"]), key=str.casefold)
    assert len(terms) == 8
    links = glossary.select("article dd .glossary-links a")
    assert len(links) == 8
    assert all(a["href"] == f"../chapters/{SAMPLE_CHAPTER}/#key-terms" for a in links)
    assert [text(h) for h in glossary.select("article h2")] == ["C", "G", "I", "P", "S"]
    # Tooltips on the glossary page are the names its definitions use (the definitions of
    # "Service Value Chain" and "Improvement owner" name the SVS and the CIR); a term beside
    # its own definition needs none.
    tooltips = {text(abbr) for abbr in glossary.select("article abbr[title]")}
    assert tooltips == {"SVS", "CIR"}


def search_locations(site: Path) -> set[str]:
    """The pages the site's search index holds: Material's index, or Zensical's."""
    material = site / "search" / "search_index.json"
    if material.is_file():
        return {doc["location"].split("#")[0]
                for doc in json.loads(material.read_text(encoding="utf-8"))["docs"]}
    zensical = json.loads((site / "search.json").read_text(encoding="utf-8"))
    return {item["location"].split("#")[0] for item in zensical["items"]}


def test_search_finds_chapters_not_handouts(built_course: Path) -> None:
    pages = search_locations(built_course / "site")
    assert pages == {"", f"chapters/{SAMPLE_CHAPTER}/", "glossary/"}


def test_parts_group_the_navigation_and_prerequisites_link(project: Project) -> None:
    edit(project.content / "course.yml", "chapters:\n", 'parts:\n  - {title: "Part 1: Basics", '
         'first: 1, last: 6}\n  - {title: "Part 2: Improving", first: 7, last: 14}\nplanned:\n'
         "  - {number: 8, title: The Service Desk}\nchapters:\n")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "sections:\n",
         "prerequisites: [8]\nsections:\n")
    result = coursegen(project.root, "build")
    assert result.exit_code == 0, result.stderr
    config = yaml.safe_load(project.site_config.read_text(encoding="utf-8"))
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["nav"][1] == {"Part 2: Improving": [
        {"7. Continual Improvement: Keeping Services Moving Forward":
         f"chapters/{SAMPLE_CHAPTER}.md"}]}
    home = page(project.root, "index.html")
    assert [text(h) for h in home.select("article h2")] == ["Part 1: Basics",
                                                            "Part 2: Improving"]
    assert "Chapter 8 · Coming soon The Service Desk" in text(home)
    chapter = page(project.root, f"chapters/{SAMPLE_CHAPTER}/index.html")
    assert text(chapter.select_one(".prerequisites")) == (
        "Before you start: Chapter 8: The Service Desk (Coming soon)")
    assert "Part 2: Improving" in text(chapter.select_one(".md-nav--primary"))


def test_parts_must_cover_the_chapters(project: Project) -> None:
    edit(project.content / "course.yml", "chapters:\n",
         "parts:\n  - {title: One, first: 1, last: 5}\n  - {title: Two, first: 7, last: 14}\n"
         "chapters:\n")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines()[0] == (
        "content/course.yml:8:5: parts[1]: part 'Two' covers chapters 7–14; parts must follow "
        "each other from chapter 1, this one starting at 6")


def test_conflicting_definitions_name_both_places(project: Project) -> None:
    source = (project.content / f"{SAMPLE_CHAPTER}.yml").read_text(encoding="utf-8")
    other = source.replace("number: 7", "number: 8").replace(
        "definition: A temporary organization", "definition: A planned organization")
    (project.content / "08-copy.yml").write_text(other, encoding="utf-8")
    edit(project.content / "course.yml", "  - 07-continual-improvement",
         "  - 07-continual-improvement\n  - 08-copy")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines() == [
        "content/08-copy.yml:198:17: key_terms[0].definition: 'Project' is defined differently "
        f"in content/{SAMPLE_CHAPTER}.yml:198; define it once (other chapters may use it "
        "without defining it)",
        "1 error in 1 file",
    ]


def test_flashcards_can_name_a_key_term(project: Project) -> None:
    edit(project.content / f"{SAMPLE_CHAPTER}.yml",
         '          - front: "Step: Did we get there?"',
         "          - term: Service Value Chain\n"
         '          - front: "Step: Did we get there?"')
    assert coursegen(project.root, "build").exit_code == 0
    chapter = page(project.root, f"chapters/{SAMPLE_CHAPTER}/index.html")
    cards = chapter.select(".flashcards > ul > li")
    assert len(cards) == 7
    assert text(cards[5]).startswith("Service Value Chain Show the back The core set")
    edit(project.content / f"{SAMPLE_CHAPTER}.yml", "- term: Service Value Chain",
         "- term: Service Value Network")
    result = coursegen(project.root, "check")
    assert "'Service Value Network' is not a key term of any chapter" in result.stderr


def test_a_german_course(project: Project) -> None:
    edit(project.content / "course.yml", "language: en", "language: de")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines()[0] == (
        "content/course.yml:4:11: language: mkdocs.yml sets theme.language to 'en'; use the "
        "same language in both files")
    edit(project.root / "mkdocs.yml", "  language: en", "  language: de")
    result = coursegen(project.root, "build")
    assert result.exit_code == 0, result.stderr
    chapter = page(project.root, f"chapters/{SAMPLE_CHAPTER}/index.html")
    assert text(chapter.select_one(".chapter-label")) == "Kapitel 7 von 14"
    assert {text(s) for s in chapter.select("summary")} == {"Antwort anzeigen",
                                                           "Rückseite zeigen"}
    assert text(chapter.select("article h2")[-1]) == "Schlüsselbegriffe"
    assert text(chapter.select_one(".question fieldset legend")) == "Wählen Sie Ihre Antwort"
    home = page(project.root, "index.html")
    assert "Kapitel 1 · Demnächst" in text(home)
    assert text(page(project.root, "glossary/index.html").find("h1")) == "Glossar"


def test_a_language_without_translation(project: Project) -> None:
    edit(project.content / "course.yml", "language: en", "language: nl")
    edit(project.root / "mkdocs.yml", "  language: en", "  language: nl")
    result = coursegen(project.root, "check")
    assert result.stderr.splitlines()[0] == (
        "content/course.yml:4:11: language: coursegen has no translation for 'nl'; it has: "
        "de, en, es, fr (add generator/translations/nl.yml)")


def test_every_translation_has_every_label() -> None:
    from generator.translations import FOLDER, languages

    english = yaml.safe_load((FOLDER / "en.yml").read_text(encoding="utf-8"))
    assert languages() == ["de", "en", "es", "fr"]
    for language in languages():
        words = yaml.safe_load((FOLDER / f"{language}.yml").read_text(encoding="utf-8"))
        assert words.keys() == english.keys(), language
        assert words["callout"].keys() == english["callout"].keys(), language
        assert "{number}" in words["chapter"] and "{total}" in words["chapter_of"]


def test_new_chapter_is_valid_and_listed(project: Project) -> None:
    result = coursegen(project.root, "new", "chapter", "Service Desk & Incidents")
    assert result.exit_code == 0, result.stderr
    written = project.content / "08-service-desk-incidents.yml"
    text_ = written.read_text(encoding="utf-8")
    assert "number: 8\ntitle: Service Desk & Incidents\n" in text_
    from generator.blocks import BLOCK_TYPES

    assert all(f"#     - {kind}:" in text_ for kind in BLOCK_TYPES if kind != "cards")
    assert "  - 08-service-desk-incidents" in (project.content / "course.yml").read_text()
    assert coursegen(project.root, "check").exit_code == 0
    again = coursegen(project.root, "new", "chapter", "Service Desk & Incidents")
    assert again.exit_code == 0  # the next number: 09-…
    assert (project.content / "09-service-desk-incidents.yml").is_file()


@pytest.mark.parametrize("name", ["404.html", "partials/search.html"])
def test_the_sample_overrides_are_those_of_a_new_course(name: str) -> None:
    """The sample course is a course project like any other: its Material overrides are the
    ones `coursegen new course` writes, and cannot drift from them."""
    scaffold = REPO / "generator" / "scaffold" / "course" / "overrides" / name
    assert (REPO / "overrides" / name).read_bytes() == scaffold.read_bytes()


def test_new_course_builds_at_once_and_never_overwrites(tmp_path: Path) -> None:
    folder = tmp_path / "new-course"
    result = coursegen(tmp_path, "new", "course", str(folder), "--title", "Cloud: 101",
                       "--language", "fr")
    assert result.exit_code == 0, result.stderr
    for name in ("mkdocs.yml", "content/course.yml", "content/01-premiers-pas.yml",
                 ".github/workflows/publish.yml", "overrides/404.html", "docs/.gitkeep",
                 "content/schema/chapter.schema.json"):
        assert (folder / name).is_file(), name
    built = coursegen(folder, "build")
    assert built.exit_code == 0, built.stderr
    assert "6 warnings in 2 files" in built.stderr  # the placeholder texts
    chapter = (folder / "site/chapters/01-premiers-pas/index.html").read_text("utf-8")
    assert "Chapitre 1 sur 1" in chapter
    # Material's search dialog named (Lighthouse's aria-dialog-name), in the course language.
    assert 'role="dialog" aria-label="Recherche"' in chapter
    assert '<script src="../../assets/coursegen.js" defer>' in chapter
    before = (folder / "mkdocs.yml").read_text(encoding="utf-8")
    again = coursegen(tmp_path, "new", "course", str(folder))
    assert again.exit_code == 1 and "nothing was written" in again.stderr
    assert (folder / "mkdocs.yml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("workflow", [REPO / ".github/workflows/publish.yml",
                                      REPO / "generator/scaffold/course/publish.yml"])
def test_publish_workflow(workflow: Path) -> None:
    config = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    triggers = config.get("on", config.get(True))  # YAML 1.1 reads the key "on" as true
    assert {"push", "pull_request"} <= set(triggers)
    assert triggers["push"]["branches"] == ["main"]
    assert config["permissions"] == {"contents": "read"}
    assert "group" in config["concurrency"]
    build, deploy = config["jobs"]["build"], config["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    steps = build["steps"] + deploy["steps"]
    uses = [step["uses"] for step in steps if "uses" in step]
    assert {u.split("@")[0] for u in uses} >= {
        "actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact",
        "actions/deploy-pages"}
    assert all(re.fullmatch(r"[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses
    commands = " ".join(step.get("run", "") for step in steps)
    assert "coursegen check --strict" in commands and "coursegen build --strict" in commands
    assert "SOURCE_DATE_EPOCH" in commands
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site"
    # The build cache, with every page it lists, comes back, keyed by the inputs.
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert set(cache["with"]["path"].split()) == {
        path.strip("/") for path in GENERATED
        if path.startswith("/docs/") or path in (f"/{SITE_CONFIG}", f"/{ZENSICAL_CACHE}/")}
    assert "hashFiles('content/**', 'overrides/**', 'docs/**'" in cache["with"]["key"]


def test_course_yml_chooses_the_engine_and_zensical_keeps_the_parts(project: Project) -> None:
    require_zensical()
    edit(project.content / "course.yml", "chapters:\n", 'engine: zensical\nparts:\n  - {title: '
         '"Part 1: Basics", first: 1, last: 6}\n  - {title: "Part 2: Improving", first: 7, '
         "last: 14}\nchapters:\n")
    result = coursegen(project.root, "build")
    assert result.exit_code == 0, result.stderr
    assert "site/ built with zensical" in result.stdout
    assert (project.root / "site" / "search.json").is_file()  # Zensical's search index
    chapter = page(project.root, f"chapters/{SAMPLE_CHAPTER}/index.html")
    navigation = [text(link) for link in chapter.select(".md-nav__link")]
    assert "Part 2: Improving" in navigation
    assert "7. Continual Improvement: Keeping Services Moving Forward" in navigation
    # The progress script, deferred; the whole-course page built and left out of search.
    assert chapter.select_one('script[src$="assets/coursegen.js"]').has_attr("defer")
    assert (project.root / "site" / "whole-course" / "index.html").is_file()
    found = (project.root / "site" / "search.json").read_text(encoding="utf-8")
    assert '"location":"chapters/' in found and "whole-course" not in found
    # --engine overrides course.yml; a broken link fails either build, site/ untouched.
    before = {p: p.read_bytes() for p in (project.root / "site").rglob("*") if p.is_file()}
    (project.docs / "broken.md").write_text("[x](missing.md)\n", encoding="utf-8")
    for engine in ("zensical", "mkdocs"):
        result = coursegen(project.root, "build", "--engine", engine)
        assert result.exit_code == 1
        assert "missing.md" in result.stderr and "Traceback" not in result.stderr
        assert result.stderr.endswith(f"error: {engine} build failed; site/ was left as it "
                                      "was\n")
    assert {p: p.read_bytes() for p in (project.root / "site").rglob("*")
            if p.is_file()} == before


def test_text_is_taken_as_written(tmp_path: Path) -> None:
    """Where the schema expects text, a scalar YAML would read as a number, a yes/no or a
    date is the text the author wrote; number fields stay numbers."""
    root = copy_project(tmp_path / "course")
    (root / "content" / f"{SAMPLE_CHAPTER}.yml").write_text("""\
number: 7
title: 2026-11-26
summary: 1.10
sections:
  - title: 12:30
    blocks:
      - flashcards:
          - front: 15
            back: 27
      - quiz:
          - question: 21
            options: [Yes, No, 0x1F]
            answer: A
            explanation: no
      - worked_example:
          title: 007
          text: 1_000
          steps:
            - title: 1:30
              text: 0b11
          figures:
            columns: [21, 1.5]
            rows: [[off, on]]
""", encoding="utf-8")
    result = coursegen(root, "build", "--no-site")
    assert result.exit_code == 0, result.stderr
    page = (root / "docs" / "chapters" / f"{SAMPLE_CHAPTER}.md").read_text(encoding="utf-8")
    for written in ('title: "7. 2026-11-26"', "## 1. 12:30", "1.10</p>",
                    "<strong>15</strong>",
                    "<p>27</p>", "<p>21</p>", "A)</strong> Yes", "B)</strong> No",
                    "C)</strong> 0x1F", "<p>no</p>", "### 007", "<p>1_000</p>", "#### 1:30",
                    "<p>0b11</p>", "<th>21</th>", "<td>off</td>"):
        assert written in page, written


PLACEHOLDER = "this is placeholder text from 'coursegen new': replace it with your own"


@pytest.mark.parametrize("language", ["en", "de", "fr", "es"])
def test_the_new_chapter_examples_are_valid_once_uncommented(language: str,
                                                             tmp_path: Path) -> None:
    """In every language, each block kind is a commented example that validates once its
    lines lose their "#"; only placeholder warnings remain."""
    root = tmp_path / language
    assert coursegen(tmp_path, "new", "course", str(root), "--language", language).exit_code == 0
    edit(root / "content" / "course.yml", "total_chapters: 1", "total_chapters: 2")
    assert coursegen(root, "new", "chapter", "Every Kind").exit_code == 0
    path = root / "content" / "02-every-kind.yml"
    text = path.read_text(encoding="utf-8")
    # Block examples: comment lines indented by four spaces or more after the "#", up to the
    # key terms example, which starts at "# key_terms:".
    blocks, key_terms = text.split("# key_terms:")
    examples = re.sub(r"(?m)^#(    )", r" \1", blocks) + "key_terms:" + re.sub(
        r"(?m)^# ", "", key_terms)
    path.write_text(examples, encoding="utf-8")
    result = coursegen(root, "check")
    assert result.exit_code == 0, result.stderr
    problems = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert problems and all(line.endswith(PLACEHOLDER) for line in problems), problems
    from generator.blocks import BLOCK_TYPES

    kinds = set(re.findall(r"(?m)^ {6}- (\w+):$", examples))
    assert kinds == set(BLOCK_TYPES)  # cards: the first block; the others as examples


def test_placeholder_text_is_reported_until_replaced(tmp_path: Path) -> None:
    """A new course names every sentence coursegen wrote, at its position, as a warning that
    --strict turns into an error; once the author's own text replaces them, it passes."""
    root = tmp_path / "course"
    assert coursegen(tmp_path, "new", "course", str(root), "--language", "de").exit_code == 0
    result = coursegen(root, "check", "--strict")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:-1] == [
        f"content/01-erste-schritte.yml:{at}: {path}: {PLACEHOLDER}" for at, path in [
            ("4:10", "summary"), ("6:5", "objectives[0]"), ("9:11", "sections[0].text"),
            ("12:20", "sections[0].blocks[0].cards[0].title"),
            ("13:19", "sections[0].blocks[0].cards[0].text")]] + [
        f"content/course.yml:3:14: description: {PLACEHOLDER}"]
    chapter = root / "content" / "01-erste-schritte.yml"
    text = chapter.read_text(encoding="utf-8")
    for written, own in [("Ein Satz dazu, worum es in diesem Kapitel geht.", "Worum es geht."),
                         ("die erste Idee dieses Kapitels erklären.", "Ideen erklären."),
                         ("Eine optionale Einleitung zum Abschnitt.", "Einleitung."),
                         ("Eine erste Idee", "Idee"),
                         ("Schreiben Sie die Idee hier. Textfelder verstehen **Markdown**.",
                          "Die Idee.")]:
        assert written in text
        text = text.replace(written, own)
    chapter.write_text(text, encoding="utf-8")
    edit(root / "content" / "course.yml", "Was der Kurs vermittelt, in ein oder zwei Sätzen.",
         "Ein Kurs über Ideen.")
    result = coursegen(root, "check", "--strict")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("listed", ["chapters: []\n", "chapters: [07-gone]\n",
                                    "chapters:\n  - 07-gone\n"])
def test_a_course_starts_from_no_chapter(listed: str, tmp_path: Path) -> None:
    """A course with no chapter yet builds (every chapter coming soon), and `new chapter`
    starts it, also when course.yml still lists a chapter whose file is gone."""
    root = copy_project(tmp_path / "course")
    (root / "content" / f"{SAMPLE_CHAPTER}.yml").unlink()
    (root / "content" / "course.yml").write_text(
        "title: A New Course\ndescription: Nothing written yet.\ntotal_chapters: 3\n" + listed,
        encoding="utf-8")
    if "gone" not in listed:
        assert coursegen(root, "build").exit_code == 0
        home = page(root, "index.html")
        assert len(home.select(".chapter-card-label.coming-soon")) == 3
    result = coursegen(root, "new", "chapter", "First Steps")
    assert result.exit_code == 0, result.stderr
    if "gone" in listed:
        assert result.stderr == ("removed 07-gone from chapters in content/course.yml: "
                                 "content/07-gone.yml is gone\n")
    course = (root / "content" / "course.yml").read_text(encoding="utf-8")
    assert "07-gone" not in course and "01-first-steps" in course
    assert coursegen(root, "build").exit_code == 0
    assert (root / "site" / "chapters" / "01-first-steps" / "index.html").is_file()


def _words(labels: Any) -> list[str]:
    if isinstance(labels, dict):
        return _words(list(labels.values()))
    if isinstance(labels, list):
        return [word for value in labels for word in _words(value)]
    return [str(labels)]


@pytest.mark.parametrize("language", ["de", "fr", "es"])
def test_no_english_word_of_ours_on_a_site_in_another_language(language: str,
                                                             tmp_path: Path) -> None:
    """Every word coursegen puts on a site (pages, head, navigation, the 404 page, the
    downloads) is in the course's language: no English label appears unless the language
    uses the same word, nor Material's English footer and 404 heading."""
    root = tmp_path / language
    assert coursegen(tmp_path, "new", "course", str(root), "--language", language).exit_code == 0
    assert coursegen(root, "build").exit_code == 0
    own = set(_words(yaml.safe_load((REPO / "generator" / "translations" / f"{language}.yml")
                                    .read_text(encoding="utf-8"))))
    # The script's words (progress, reset, flashcard marks) are in data attributes as written,
    # their {n}, {m} and {k} filled in by the script.
    english = [w.format(number=1, total=1, minutes=1, n="{n}", m="{m}", k="{k}",
                          right="{right}")
               for w in _words(yaml.safe_load(
        (REPO / "generator" / "translations" / "en.yml").read_text(encoding="utf-8")))
        if w not in own and any(c.isalpha() for c in w)]
    english += ["Made with", "Not found"]  # Material's, untranslated by Material
    shown = {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
             for path in [*(root / "site").rglob("*.html"), *(root / "site").rglob("*.tsv")]}
    deck = zipfile.ZipFile(root / "site" / "downloads" / "course.apkg").read("collection.anki2")
    shown["course.apkg"] = deck.decode("utf-8", "replace")  # note type and tags
    found = {name: [w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
             for name, text in shown.items()}
    assert {name: words for name, words in found.items() if words} == {}


def test_a_term_in_sentence_case_gets_its_tooltip_by_the_advice_of_the_warning(
        tmp_path: Path) -> None:
    """The warning says to add the form the text uses to 'also'; a form that differs only in
    case is accepted, and the tooltip then shows on it."""
    root = tmp_path / "course"
    assert coursegen(tmp_path, "new", "course", str(root)).exit_code == 0
    chapter = root / "content" / "01-getting-started.yml"
    chapter.write_text("""number: 1
title: Files
summary: Reading files in Python.
sections:
  - title: Opening
    blocks:
      - cards:
          - title: open()
            text: It returns a file object that reads the file.
key_terms:
  - term: File object
    definition: What open() returns.
""", encoding="utf-8")
    edit(root / "content" / "course.yml", "What the course teaches, in a sentence or two.",
         "Python files.")
    warned = coursegen(root, "check", "--strict")
    assert warned.exit_code == 1
    assert warned.stderr.splitlines()[0] == (
        "content/01-getting-started.yml:11:11: key_terms[0].term: key term 'File object' is "
        "not used in the chapter as written, so no tooltip shows; tooltips match case: add "
        "the form the text uses to 'also'")
    edit(chapter, "    definition: What open() returns.\n",
         "    definition: What open() returns.\n    also: [file object]\n")
    fixed = coursegen(root, "build", "--strict")
    assert fixed.exit_code == 0, fixed.stderr
    page = BeautifulSoup((root / "site/chapters/01-getting-started/index.html")
                         .read_text(encoding="utf-8"), "html.parser")
    tip = page.select_one(".grid.cards abbr")
    assert (tip.get_text(), tip["title"]) == ("file object", "What open() returns.")


def test_an_engine_that_is_not_installed_is_named_with_what_to_install(
        project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.site

    real = generator.site.importlib.util.find_spec
    monkeypatch.setattr(generator.site.importlib.util, "find_spec",
                        lambda name, *args: None if name == "zensical" else real(name, *args))
    for command in ("build", "serve"):
        result = coursegen(project.root, command, "--engine", "zensical")
        assert result.exit_code == 1
        assert result.stderr.startswith("zensical is not installed in this environment; "
                                        "install it with: pip install 'coursegen[zensical]'\n")
    assert not (project.root / "site").exists()


def test_every_build_hands_zensical_the_same_config(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Zensical keeps its cache for one config, site_dir included: a staging folder named
    anew each build would make every build a cold one."""
    import subprocess

    import generator.site

    configs = []

    def engine(command: list[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess:
        configs.append((cwd / command[command.index("--config-file") + 1]).read_text("utf-8"))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(generator.site, "check_engine", lambda engine: None)
    monkeypatch.setattr(generator.site.subprocess, "run", engine)
    for _ in range(2):
        generator.site.build_site(tmp_path, "mkdocs.coursegen.yml", "zensical")
    assert len(configs) == 2 and configs[0] == configs[1]
    assert (tmp_path / "site").is_dir() and [p.name for p in tmp_path.iterdir()] == ["site"]
