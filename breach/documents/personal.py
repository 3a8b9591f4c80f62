"""Mail merge renders the shared body of a letter once and only the personal parts per person.

Of a letter to 100,000 persons only the address block and the salutation differ; rendering the whole
template per person spent nearly all the time producing the same text again. A letter template marks
what differs per person with jinja blocks (`{% block letterhead %}`, `{% block salutation %}`): every
block of the template is personal. `Personal.prepare` renders the template once with each block
replaced by a placeholder, which keeps the text in between (the shared chunks) and the template's
own variables as they stood where each block begins. Per person only the blocks render, each with the
variables it would have seen, and the letter is the chunks and the blocks joined in order: the same
bytes as rendering the whole template for that person.

That holds only when nothing outside the blocks can depend on the person. `shareable` reads the
template's syntax tree (jinja2's parser, not the text) and says no, so the caller renders each letter
whole, when outside a block the template
- names `recipient` (or `self`, which reaches the blocks),
- includes a template, or imports one `with context` (both see `recipient`),
- extends another template (its blocks would be someone else's),
or when a block assigns to a namespace (`{% set ns.x %}`), which would change the shared text after it.
A user's copy of an older template has no blocks: it names `recipient` outside any, so it renders whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

PERSON = "recipient"


def shareable(source: str, environment) -> bool:
    """True when the template `source` reads the person only inside its blocks (see the module doc)."""
    from jinja2 import nodes

    tree = environment.parse(source)
    if not any(True for _ in tree.find_all(nodes.Block)):
        return False
    for block in tree.find_all(nodes.Block):
        if any(True for _ in block.find_all(nodes.NSRef)):
            return False
    if any(True for _ in tree.find_all((nodes.Extends, nodes.Include))):
        return False
    for node in _outside_blocks(tree):
        if isinstance(node, nodes.Name) and node.name in (PERSON, "self"):
            return False
        if isinstance(node, (nodes.Import, nodes.FromImport)) and node.with_context:
            return False
    return True


def _outside_blocks(node) -> Iterator[Any]:
    from jinja2 import nodes

    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Block):
            continue
        yield child
        yield from _outside_blocks(child)


class _Slot:
    """Where a block stood in the shared render, and the template variables it saw there."""

    def __init__(self, name: str):
        self.name = name
        self.variables: dict[str, Any] = {}


class Personal:
    """A template split into shared chunks and personal blocks, rendered once for a merge."""

    def __init__(self, template, chunks: list[str], slots: list[_Slot], context: dict[str, Any]):
        self.template = template
        self.chunks = chunks
        self.slots = slots
        self.context = context

    @classmethod
    def prepare(cls, template, context: dict[str, Any]) -> Personal:
        """Render everything but the blocks once, with `context` (its `recipient` is never read there)."""
        context = dict(template.globals, **context)
        shared = template.new_context(context, shared=True)
        slots: list[_Slot] = []

        def placeholder(name: str) -> Callable:
            def stand_in(ctx) -> Iterator[Any]:
                slot = _Slot(name)
                slot.variables = dict(ctx.vars)
                slots.append(slot)
                yield slot

            return stand_in

        for name in shared.blocks:
            shared.blocks[name] = [placeholder(name)]
        chunks, text = [], []
        try:
            for piece in template.root_render_func(shared):
                if isinstance(piece, _Slot):
                    chunks.append("".join(text))
                    text = []
                else:
                    text.append(piece)
        except Exception:
            template.environment.handle_exception()  # what Template.render does: tracebacks name template lines
        chunks.append("".join(text))
        return cls(template, chunks, slots, context)

    def render(self, person: dict[str, str]) -> tuple[str, bool]:
        """The letter for `person`: the shared chunks with this person's blocks in between; and whether
        the blocks wrote no `[`, so that no marker of the letter comes from or crosses a block."""
        template, context = self.template, self.context
        environment = template.environment
        parts = [self.chunks[0]]
        plain = True
        try:
            for slot, chunk in zip(self.slots, self.chunks[1:], strict=True):
                ctx = environment.context_class(environment, context, template.name, template.blocks, globals=template.globals)
                ctx.vars.update(slot.variables)
                ctx.vars[PERSON] = person
                for piece in template.blocks[slot.name](ctx):
                    plain = plain and "[" not in piece
                    parts.append(piece)
                parts.append(chunk)
        except Exception:
            environment.handle_exception()
        return "".join(parts), plain and self.closed

    @property
    def closed(self) -> bool:
        """No chunk before a block ends inside an open `[` (one not yet followed by `]` or a new line)."""
        for chunk in self.chunks[:-1]:
            opening = chunk.rfind("[")
            if opening != -1 and "]" not in chunk[opening:] and "\n" not in chunk[opening:]:
                return False
        return True

    def shared_text(self) -> str:
        """The chunks alone: the markers of a letter whose blocks wrote no `[` are the markers of this."""
        return "".join(self.chunks)
