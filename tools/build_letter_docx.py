"""Build the shipped Word templates `breach/documents/templates/<lang>/letter.docx` (run from the repository root).

    python tools/build_letter_docx.py

The .docx files are committed; this script is how they are made, so a change to them is a change
here. The output is byte-for-byte reproducible: every zip entry gets a fixed date. A privacy officer
who wants their own letterhead copies the template (`breach templates copy letter.docx`) and edits
it in Word; the fields are docxtpl (Jinja) tags: `{{ org.name }}`, `{{ ref }}`, `{{ subject }}`, and
the loop over `body`, the paragraphs of the draft with their kind (h1, h2, h3, item, para).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
FIXED_DATE = (2026, 1, 1, 0, 0, 0)

FOOTER = {"nl": "{{ org.name }} · kenmerk {{ ref }}", "en": "{{ org.name }} · reference {{ ref }}"}
STYLES = (("h1", "Heading 1"), ("h2", "Heading 2"), ("h3", "Heading 3"), ("item", "List Bullet"))


def build(language: str) -> bytes:
    document = Document()
    properties = document.core_properties
    properties.author = "breach"
    properties.title = "{{ subject }}"
    properties.comments = ""
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.left_margin = section.right_margin = Cm(2.5)
    section.footer.paragraphs[0].text = FOOTER[language]

    document.add_paragraph("{%p for block in body %}")
    first = True
    for kind, style in STYLES:
        document.add_paragraph(("{%p if " if first else "{%p elif ") + f'block.kind == "{kind}" %}}')
        document.add_paragraph("{{r block.text }}", style=style)
        first = False
    document.add_paragraph("{%p else %}")
    document.add_paragraph("{{r block.text }}", style="Normal")
    document.add_paragraph("{%p endif %}")
    document.add_paragraph("{%p endfor %}")
    # python-docx leaves one empty paragraph at the start of a new document: drop it
    body = document.element.body
    empty = body[0]
    if empty.tag.endswith("}p") and not "".join(empty.itertext()).strip():
        body.remove(empty)
    raw = io.BytesIO()
    document.save(raw)
    return _reproducible(raw.getvalue())


def _reproducible(data: bytes) -> bytes:
    """The same zip with fixed entry dates and a fixed core-properties timestamp."""
    import re

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda i: i.filename):
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>2026-01-01T00:00:00Z\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def main() -> int:
    for language in ("nl", "en"):
        path = ROOT / "breach" / "documents" / "templates" / language / "letter.docx"
        path.write_bytes(build(language))
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
