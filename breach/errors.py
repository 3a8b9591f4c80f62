"""Errors a user can cause. The CLI turns each into one line on stderr and exit status 1."""


class BreachError(Exception):
    """A refusal the user can act on: the message names what is wrong and what is accepted."""

    exit_code = 1


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
