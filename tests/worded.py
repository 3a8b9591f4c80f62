"""A refusal of the domain worded as the command line shows it.

The domain and the records name the field a refusal is about (`persons`, `discovered_at`); the CLI
writes it as its flag (`--persons`, `--discovered`: breach/cli/fields.py). Tests of the words a user
reads call a domain function through `as_cli`.
"""

from __future__ import annotations

import functools

from breach.cli import fields
from breach.errors import BreachError


def as_cli(call):
    """`call`, its refusals re-raised with the message the command line prints after `Error: `."""

    @functools.wraps(call)
    def worded(*args, **kwargs):
        try:
            return call(*args, **kwargs)
        except BreachError as exc:
            raise type(exc)(fields.message(exc)) from None

    return worded
