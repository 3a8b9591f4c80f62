"""Word letters for mail merge without running the Word template once per person.

A Word letter is the draft's Markdown blocks poured into the Word template (`formats.to_docx`):
docxtpl opens the template's package, renders its XML with jinja, parses it, and python-docx writes
the package again, about 25 ms a letter, nearly all of it the same work for every person. Here the
template is rendered once, with each block's rich text replaced by a placeholder; per person only
the rich text of the blocks whose text differs from the first letter's (the address block, the
salutation) is made, put into the cached `word/document.xml`, and the package is written with the
other parts (styles, settings, theme, fonts, numbering, footer, properties) copied as they were
compressed the first time.

A letter that this cannot make exactly as the full render would falls back to the full render:
one whose Markdown has other blocks or another subject than the first letter's, or a block text with
a character that docxtpl turns into more than text (a tab, a control character). The Word template
must not read the person itself (`recipient`): then every letter is rendered whole. Before the first
letter is written, it is made both ways and compared part by part; if they differ in one byte (a
user's template with fields this does not foresee), every letter is rendered whole.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from breach.documents import formats

DOCUMENT = "word/document.xml"
_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_KEY = re.compile("\ue000(\\d+)\ue001")
_PERSON = "\ue002"
# What docxtpl turns into more than text (resolve_listing: tab, \a, \f; \r a parser reads as a new
# line) and what XML cannot hold: such a block goes the slow way, which does whatever it does.
_SPECIAL = re.compile("[\x00-\x09\x0b-\x1f\ud800-\udfff\ufffe\uffff\ue000-\ue002]")


class _Slot:
    """Stands for a block's rich text in the one render: its `xml` is the key found afterwards."""

    def __init__(self, index: int):
        self.xml = f"\ue000{index}\ue001"

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


class WordLetters:
    """The Word template rendered once for a merge; `letter` makes one person's package, or None."""

    def __init__(self, subject: str, kinds: list[str], texts: list[str], pieces: list[str], parts: list[tuple[zipfile.ZipInfo, bytes]],
                 document: zipfile.ZipInfo, rich: Callable):
        self.subject, self.kinds, self.texts, self.pieces = subject, kinds, texts, pieces
        self.document, self.rich = document, rich
        self.cache = [self._xml(text) for text in texts]
        self.package = _Package(parts, document)

    @classmethod
    def prepare(cls, markdown: str, person: dict[str, str], template: Path, context: dict[str, Any], jinja_env) -> WordLetters | None:
        """Render `template` once around the blocks of `markdown` (the first person's letter); None when
        the quick way would not give the same package as `formats.to_docx` for that person."""
        from docxtpl import DocxTemplate

        if "recipient" in DocxTemplate(str(template)).get_undeclared_template_variables(jinja_env):
            return None
        subject = formats.plain(formats.split_title(markdown)[0])
        found = formats.blocks(formats.no_break(markdown))
        body = [{"kind": block.kind, "text": _Slot(index)} for index, block in enumerate(found)]
        stand_in = dict.fromkeys(person, _PERSON)  # a Word template that reads the person shows it
        data = formats.render_docx(template, {**context, "recipient": stand_in, "subject": subject, "body": body}, jinja_env)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            parts = [(info, package.read(info)) for info in infos]
        document = next((info for info, _ in parts if info.filename == DOCUMENT), None)
        if document is None:
            return None
        xml = dict((info.filename, content) for info, content in parts)[DOCUMENT].decode("utf-8")
        pieces = _KEY.split(xml)
        if pieces[1::2] != [str(index) for index in range(len(found))]:
            return None  # a block shown twice, or not at all: the template does more than pour the blocks
        marks = ("\ue000".encode(), _PERSON.encode())
        if any(mark in content for info, content in parts if info.filename != DOCUMENT for mark in marks) or _PERSON in xml:
            return None
        rich = formats.docx_paragraphs(None)
        letters = cls(subject, [b.kind for b in found], [b.text for b in found], pieces[0::2], parts, document, rich)
        if None in letters.cache:
            return None
        quick = letters.letter(markdown)
        slow = formats.to_docx(markdown, template, {**context, "recipient": person}, jinja_env)
        return letters if quick is not None and _same_parts(quick, slow) else None

    def letter(self, markdown: str) -> bytes | None:
        """The Word package of the letter `markdown`, or None: render this one whole."""
        if formats.plain(formats.split_title(markdown)[0]) != self.subject:
            return None
        found = formats.blocks(formats.no_break(markdown))
        if len(found) != len(self.kinds):
            return None
        out = [self.pieces[0]]
        for index, block in enumerate(found):
            if block.kind != self.kinds[index]:
                return None
            if block.text == self.texts[index]:
                xml = self.cache[index]
            else:
                xml = self._xml(block.text)
                if xml is None:
                    return None
            out.append(xml)
            out.append(self.pieces[index + 1])
        return self.package.write("".join(out).encode("utf-8"))

    def _xml(self, text: str) -> str | None:
        """A block's rich text as docxtpl and python-docx write it: its line breaks as <w:br/>, and
        serialised by lxml as the whole document is (quotes unescaped, empty elements closed)."""
        from lxml import etree

        if _SPECIAL.search(text):
            return None
        xml = self.rich(text).xml.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
        if not xml:
            return None  # `<w:p/>` or `<w:p></w:p>`: let the full render say
        try:
            wrapper = etree.tostring(etree.fromstring(f'<w:p xmlns:w="{_MAIN}">{xml}</w:p>'), encoding="unicode")
        except etree.XMLSyntaxError:  # what XML cannot hold: the full render says what it says
            return None
        start = wrapper.index(">") + 1
        return wrapper[start : -len("</w:p>")]


class Letter(bytes):
    """A Word package made here, with its `document` (word/document.xml) at hand for the print file."""

    document: bytes


class _Package:
    """A zip writer for one fixed set of parts of which only the document changes from letter to letter:
    the others are compressed once and copied as bytes (zipfile would parse or compress them again)."""

    def __init__(self, parts: list[tuple[zipfile.ZipInfo, bytes]], document: zipfile.ZipInfo):
        # (info, local header + data, central record but its offset); None, None: the document's place
        self.entries: list[tuple[zipfile.ZipInfo, bytes | None, bytes | None]] = []
        for info, content in parts:
            self.entries.append((info, None, None) if info is document else (info, *self._local(info, content)))

    @staticmethod
    def _local(info: zipfile.ZipInfo, content: bytes) -> tuple[bytes, bytes]:
        """The local header with the data, and the central directory record without its offset."""
        import struct
        import zlib

        if info.compress_type == zipfile.ZIP_DEFLATED:
            compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
            data, method = compressor.compress(content) + compressor.flush(), zipfile.ZIP_DEFLATED
        else:
            data, method = content, zipfile.ZIP_STORED
        year, month, day, hour, minute, second = info.date_time
        when = (hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day)
        name = info.filename.encode("utf-8")
        flags = 0x800 if not name.isascii() else 0
        crc = zlib.crc32(content)
        local = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, method, *when, crc, len(data), len(content), len(name), 0)
        central = struct.pack("<4s4B4HL2L5HL", b"PK\x01\x02", 20, 3, 20, 0, flags, method, *when, crc, len(data), len(content),
                              len(name), 0, 0, 0, 0, info.external_attr & 0xFFFFFFFF)
        return local + name + data, central

    def write(self, document: bytes) -> Letter:
        import struct

        out, directory, offset = [], [], 0
        for info, chunk, central in self.entries:
            if chunk is None:
                chunk, central = self._local(info, document)
            out.append(chunk)
            directory.append(central + struct.pack("<L", offset) + info.filename.encode("utf-8"))
            offset += len(chunk)
        listing = b"".join(directory)
        end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(directory), len(directory), len(listing), offset, 0)
        letter = Letter(b"".join(out) + listing + end)
        letter.document = document
        return letter


def _same_parts(one: bytes, other: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(one)) as a, zipfile.ZipFile(io.BytesIO(other)) as b:
        if sorted(a.namelist()) != sorted(b.namelist()):
            return False
        return all(a.read(name) == b.read(name) for name in a.namelist())


def parts_of(data: bytes) -> dict[str, bytes]:
    """Every part of a Word package by name (tests compare the quick letter with the full one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}
