"""One file with every letter of a mail merge, to print in one go, beside the per-person files.

Word: one document, each letter a section of its own (a section break "next page", as Word's own
mail merge makes them: every letter starts on a new page under the template's footer). HTML: one
page, each letter a <section> with a page break after it when printed. Markdown: the letters with a
page-break <div> between them (pandoc and Markdown editors print it as one). Plain text: a form feed
between letters. An e-mail draft is one message per person: there is no print file for eml.

While the letters are written (by forked workers, batch by batch), each letter's share of the print
file goes into a hidden part file per batch; `assemble` joins the parts in order, streaming, so a
merge of 100,000 persons never holds more than one letter in memory.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from breach.store.files import create_private

NAMES = {"nl": "alle-brieven", "en": "all-letters"}
PRINTABLE = ("md", "txt", "html", "docx")
PART_PREFIX = ".print-"
DOCUMENT = "word/document.xml"
_BODY = re.compile(rb"<w:body(?: [^>]*)?>")
PAGE_BREAK_MD = '\n<div style="page-break-after: always"></div>\n\n'
CSS = "section.letter{break-after:page;page-break-after:always}section.letter:last-of-type{break-after:auto;page-break-after:auto}"


def file_name(language: str, fmt: str) -> str | None:
    """The print file's name (alle-brieven.docx, all-letters.html), or None for a format without one."""
    return f"{NAMES.get(language, NAMES['en'])}.{fmt}" if fmt in PRINTABLE else None


def fragment(fmt: str, data: bytes, first: bool) -> bytes:
    """What one letter adds to the print file; `first`: the merge's first letter (nothing before it)."""
    if fmt == "docx":
        xml = getattr(data, "document", None) or _document(data)  # a quick Word letter brings its document along
        body, section = _split(xml)
        if first:
            return body
        # the section break that ends the letter before this one: the template's page setup and footer
        between = b"<w:p><w:pPr>" + section + b"</w:pPr></w:p>" if section else b'<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
        return between + body
    if fmt == "html":
        text = data.decode("utf-8")
        inner = text[text.index("<body>") + len("<body>") : text.rindex("</body>")].strip("\n")
        return f'<section class="letter">\n{inner}\n</section>\n'.encode()
    if fmt == "txt":
        return data if first else b"\f" + data
    return data if first else PAGE_BREAK_MD.encode() + data


def assemble(fmt: str, parts: list[Path], first_letter: bytes, target: Path) -> None:
    """Write the print file `target` (new, 0600) from the part files in order, around the first letter's frame."""
    with create_private(target) as out:
        if fmt == "docx":
            _assemble_docx(parts, first_letter, out)
            return
        if fmt == "html":
            text = first_letter.decode("utf-8")
            head = text[: text.index("<body>") + len("<body>")].replace("</style>", CSS + "</style>", 1)
            out.write(head.encode() + b"\n")
        for part in parts:
            _copy(part, out)
        if fmt == "html":
            out.write(b"</body>\n</html>\n")


def _assemble_docx(parts: list[Path], first_letter: bytes, out) -> None:
    xml = _document(first_letter)
    opening = _BODY.search(xml)
    _body, section = _split(xml)
    closing = xml[xml.rindex(b"<w:sectPr") :] if section else xml[xml.rindex(b"</w:body>") :]
    with zipfile.ZipFile(io.BytesIO(first_letter)) as letter, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in letter.infolist():
            if info.filename != DOCUMENT:
                package.writestr(info, letter.read(info))
                continue
            entry = zipfile.ZipInfo(DOCUMENT, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            with package.open(entry, "w", force_zip64=True) as document:
                document.write(xml[: opening.end()])
                for part in parts:
                    _copy(part, document)
                document.write(closing)


def _document(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(DOCUMENT)


def _split(xml: bytes) -> tuple[bytes, bytes]:
    """The body's content without its final section properties, and those properties (b"" if none)."""
    start = _BODY.search(xml).end()
    end = xml.rindex(b"</w:body>")
    section = xml.rfind(b"<w:sectPr", start, end)
    if section == -1:
        return xml[start:end], b""
    return xml[start:section], xml[section:end]


def _copy(part: Path, out) -> None:
    with part.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            out.write(chunk)
