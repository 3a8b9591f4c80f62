"""What the ladder and the urgency add to a reminder on its way out: how loud it is sent, and the
acknowledge action it carries. Kept beside `reminders` (which only calls in here) so the claim, send,
record loop stays as it is."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from breach.notify.reminders import _Plan


def sending(p: _Plan) -> dict:
    """The keyword arguments of `dispatch.send` for one planned reminder."""
    return {"level": p.wanted.level, "ack": getattr(p, "ack", None)}
