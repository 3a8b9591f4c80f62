"""From one rendered Markdown draft to the formats people send: plain text, HTML, an e-mail draft, Word.

The templates write a small, fixed part of Markdown: `#`/`##` headings, `- ` list items, `**bold**`,
and paragraphs separated by blank lines, where every line break is meant. The writers here read
exactly that, so every format says the same words. For HTML the draft is rendered with autoescape on,
so the facts arrive here escaped already and stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_BOLD = re.compile(r"\*\*(.+?)\*\*")
# A fact still to fill in (render.TODO): highlighted in HTML and Word, so that none is overlooked.
MARKER = re.compile(r"\[(?:NOG INVULLEN|TO FILL IN): [^\]]*\]")


@dataclass(frozen=True)
class Block:
    kind: str  # h1, h2, h3, item, para
    text: str
    new_list: bool = False  # an item after a blank line that follows an item: a list of its own


def blocks(markdown: str) -> list[Block]:
    found: list[Block] = []
    para: list[str] = []
    gap = False

    def flush() -> None:
        if para:
            found.append(Block("para", "\n".join(para)))
            para.clear()

    for line in markdown.splitlines():
        stripped = line.strip()
        heading = re.match(r"(#{1,3}) (.*)", stripped)
        if not stripped:
            flush()
            gap = True
            continue
        elif heading:
            flush()
            found.append(Block(f"h{len(heading.group(1))}", heading.group(2).strip()))
        elif stripped.startswith("- "):
            flush()
            found.append(Block("item", stripped[2:], new_list=gap and bool(found) and found[-1].kind == "item"))
        elif line.startswith("  ") and found and found[-1].kind == "item" and not para:
            found[-1] = Block("item", found[-1].text + "\n" + stripped)
        else:
            para.append(stripped)
        gap = False
    flush()
    return found


def split_title(markdown: str) -> tuple[str, str]:
    """The first `# ` heading (the subject of a letter) and the text without it."""
    lines = markdown.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return line[2:].strip(), ("".join(lines[:index]) + "".join(lines[index + 1 :])).lstrip("\n")
    return "", markdown


def plain(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def to_txt(markdown: str) -> str:
    """Plain text: headings underlined, bold marks dropped; list items together, other blocks a blank line apart."""
    text = ""
    previous = None
    for block in blocks(markdown):
        body = plain(block.text)
        if block.kind in ("h1", "h2"):
            chunk = f"{body}\n{('=' if block.kind == 'h1' else '-') * len(body)}"
        elif block.kind == "item":
            chunk = "- " + body.replace("\n", "\n  ")
        else:
            chunk = body
        if previous is not None:
            text += "\n" if previous.kind == "item" and block.kind == "item" and not block.new_list else "\n\n"
        text += chunk
        previous = block
    return text + "\n"


def to_html(escaped_markdown: str, language: str) -> str:
    """A complete HTML page. The input comes from an autoescaping render: facts are escaped already."""
    title, _ = split_title(escaped_markdown)
    body: list[str] = []
    in_list = False
    for block in blocks(escaped_markdown):
        if block.kind == "item" and in_list and block.new_list:
            body.append("</ul>")
            in_list = False
        if block.kind == "item" and not in_list:
            body.append("<ul>")
            in_list = True
        elif block.kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        inner = _BOLD.sub(r"<strong>\1</strong>", block.text).replace("\n", "<br>\n")
        inner = MARKER.sub(lambda m: f'<mark class="todo">{m.group(0)}</mark>', inner)
        if block.kind == "item":
            body.append(f"<li>{inner}</li>")
        elif block.kind == "para":
            body.append(f"<p>{inner}</p>")
        else:
            body.append(f"<{block.kind}>{inner}</{block.kind}>")
    if in_list:
        body.append("</ul>")
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{plain(title)}</title>\n"
        "<style>body{font-family:Calibri,Arial,sans-serif;max-width:45em;margin:2em auto;line-height:1.4}"
        "mark.todo{background:#ffeb3b;font-weight:bold}</style>\n"
        "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def to_eml(markdown: str, *, to: str | None, sender: str | None, date, message_id_domain: str | None = None) -> bytes:
    """An unsent e-mail (RFC 5322, UTF-8) that Outlook and Thunderbird open as a draft (`X-Unsent: 1`)."""
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import format_datetime

    subject, body = split_title(markdown)
    message = EmailMessage()
    if sender:
        message["From"] = sender
    if to:
        message["To"] = to
    message["Subject"] = plain(subject)
    message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(to_txt(body), charset="utf-8")
    return message.as_bytes(policy=SMTP)


def docx_paragraphs(markdown: str | None):
    """The blocks as docxtpl rich text (bold runs kept, line breaks kept), for the Word template's loop;
    without `markdown`, the function that makes the rich text of one block's text (mail merge)."""
    from docxtpl import RichText

    def add(rich, text: str, bold: bool = False) -> None:
        position = 0
        for match in MARKER.finditer(text):  # a marker: yellow and bold, as in HTML
            if match.start() > position:
                rich.add(text[position : match.start()], bold=bold)
            rich.add(match.group(0), bold=True, highlight="FFFF00")  # docxtpl: shading, as Word shows it
            position = match.end()
        if position < len(text):
            rich.add(text[position:], bold=bold)

    def rich_text(text: str):
        rich = RichText()
        position = 0
        for match in _BOLD.finditer(text):
            if match.start() > position:
                add(rich, text[position : match.start()])
            add(rich, match.group(1), bold=True)
            position = match.end()
        if position < len(text):
            add(rich, text[position:])
        return rich

    if markdown is None:
        return rich_text
    return [{"kind": block.kind, "text": rich_text(block.text)} for block in blocks(markdown)]


def to_docx(markdown: str, template: Path, context: dict, jinja_env) -> bytes:
    """Render the Word template: its own fields from `context`, the draft's blocks as `body`."""
    title, _ = split_title(markdown)
    return render_docx(template, {**context, "subject": plain(title), "body": docx_paragraphs(no_break(markdown))}, jinja_env)


def no_break(markdown: str) -> str:
    """Word breaks a line at the hyphens of DL-2026-001 in a heading: non-breaking hyphens, in Word only."""
    return _NO_BREAK.sub(lambda m: m.group(0).replace("-", "\u2011"), markdown)


def render_docx(template: Path, context: dict, jinja_env) -> bytes:
    """The Word template rendered with `context` (its `subject` and `body` made by the caller)."""
    import io

    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(context, jinja_env, autoescape=True)
    _word_properties(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_NO_BREAK = re.compile(r"\b(?:DL-\d{4}-\d{3,6}|M-\d{4}-\d+|M-\d+)\b")
WORD_LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}


def _word_properties(document, context: dict) -> None:
    """The document's language (Word spell-checks a Dutch letter as Dutch), its author (the organisation)
    and its creation date (now), in the rendered letter."""
    from docx.oxml.ns import qn

    language = WORD_LANGUAGE.get(context.get("language") or "nl", "nl-NL")
    docx = document.docx
    defaults = docx.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), language)
    core = docx.core_properties
    core.language = language
    org = (context.get("org") or {}).get("name") or ""
    if org and not org.startswith("["):
        core.author = org
        core.last_modified_by = org
    now = context.get("now_instant")
    if now is not None:
        import pendulum

        moment = pendulum.instance(now).in_tz("UTC")
        core.created = core.modified = moment.naive()
