"""Errors a user can cause. The CLI turns each into one line on stderr and exit status 1.

A refusal names the input it is about by the domain's name for it (`field`: `records`, `aware_at`),
and its message may point at other inputs as `{name}` (each listed in `mentions`). No front end's
words are in it: `named()` writes every name the way a front end calls its inputs (the CLI: its
flags, `breach.cli.fields`); `str()` writes the domain's names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """Text safe to echo on a terminal: control characters (ESC, C0, C1), bidi controls, line and
    paragraph separators and lone surrogates written as escapes (`\\x1b`, `\\u202e`, `\\udce9`)."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def _as_is(name: str) -> str:
    return name


class BreachError(Exception):
    """A refusal the user can act on: the message names what is wrong and what is accepted."""

    exit_code = 1

    def __init__(self, message: str = "", *, field: str | None = None, mentions: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.mentions = tuple(mentions)

    def named(self, name: Callable[[str], str] = _as_is) -> str:
        """`field: message`, every input written as `name` calls it."""
        text = self.message
        for mention in self.mentions:
            text = text.replace("{" + mention + "}", name(mention))
        return f"{name(self.field)}: {text}" if self.field else text

    def __str__(self) -> str:
        return self.named()


class InvalidInput(BreachError):
    """A value given on the command line or in a file is not acceptable."""


class NotFound(BreachError):
    """An id that names no breach in the store."""


class Refused(BreachError):
    """The input is well-formed but the law or the store's rules forbid the action."""


class ConfigError(BreachError):
    """config.toml cannot be read or holds a value that is not accepted."""


class DeliveryFailed(BreachError):
    """A reminder could not be delivered after its last try: exit non-zero so cron mails the owner."""
