"""A QTI 1.2 package of a chapter's questions, for Canvas (Classic Quizzes: Settings →
Import course content → "QTI .zip file") and other learning platforms that import QTI 1.2.

The zip holds ``imsmanifest.xml`` (IMS Content Packaging 1.1) with one resource of type
``imsqti_xmlv1p2``, the chapter's assessment (``questestinterop`` → ``assessment`` →
``section`` → one ``item`` a question, :mod:`qti_items`) and the images its texts show,
under ``media/``, referred to relatively (``src="media/NAME"``) and listed in the manifest;
every image keeps its alt text. Formulas are TeX between ``\\(…\\)`` and ``\\[…\\]``, which
Canvas's MathJax reads. Classification exercises are not in it (Canvas has no such kind).

Identifiers are derived from the course, the chapter and each question's text, and the zip's
entries carry a fixed date, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

from ..blocks import ClassificationBlock, QuizBlock
from ..escape import as_plain
from .chapter import ChapterExport
from .markup import ExportMedia
from .qti_items import identifier, item

MEDIA = "media/"  # the folder of the package's images
_QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


def _media(export: ChapterExport) -> ExportMedia:
    """The chapter's images, as the package refers to them."""
    return tuple((key, file.shown._replace(
        site_path=MEDIA + file.shown.site_path.rsplit("/", 1)[-1])) for key, file in export.media)


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def assessment(export: ChapterExport, ident: str) -> bytes:
    """The chapter's questions as one QTI 1.2 assessment."""
    chapter, media = export.chapter, _media(export)
    root = ET.Element("questestinterop", {
        "xmlns": _QTI, "xmlns:xsi": _XSI,
        "xsi:schemaLocation": f"{_QTI} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"})
    test = ET.SubElement(root, "assessment", {
        "ident": ident, "title": f"{export.label}: {as_plain(chapter.title)}"})
    section = ET.SubElement(test, "section", {"ident": "root_section"})
    count, seen = 0, set()
    for _, block in chapter.exercises():
        if isinstance(block, ClassificationBlock):
            continue
        assert isinstance(block, QuizBlock)
        for question in block.quiz:
            count += 1
            # From its text; a question asked twice in a chapter gets its count too.
            question_id = identifier(export.course_title, export.slug, question.question)
            if question_id in seen:
                question_id = identifier(export.course_title, export.slug, question.question,
                                         str(count))
            seen.add(question_id)
            item(section, question_id, f"{export.label}, {count}", question, media,
                 export.words)
    return _document(root)


def manifest(ident: str, files: list[str]) -> bytes:
    """``imsmanifest.xml``: one QTI 1.2 resource, the assessment, with its files."""
    root = ET.Element("manifest", {
        "identifier": identifier(ident, "manifest"), "xmlns": _CP, "xmlns:xsi": _XSI,
        "xsi:schemaLocation": f"{_CP} http://www.imsglobal.org/xsd/imscp_v1p1.xsd"})
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.1.3"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    resource = ET.SubElement(resources, "resource", {
        "identifier": ident, "type": "imsqti_xmlv1p2", "href": files[0]})
    for name in files:
        ET.SubElement(resource, "file", {"href": name})
    return _document(root)


def package(export: ChapterExport) -> bytes:
    """The chapter's QTI 1.2 package (a zip), its entries dated 1980-01-01."""
    ident = identifier(export.course_title, export.slug)
    document = assessment(export, ident)
    text = document.decode("utf-8")
    images = {}
    for _, file in export.media:
        name = MEDIA + file.shown.site_path.rsplit("/", 1)[-1]
        if f'src="{name}"' in text:  # attribute values are written as they are in text
            images[name] = file.data
    files = [f"{export.slug}.xml", *sorted(images)]
    entries = [("imsmanifest.xml", manifest(ident, files)), (files[0], document),
               *sorted(images.items())]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return buffer.getvalue()
