"""The entry point: the app with every command family registered on it, built lazily."""

from breach.cli import assess, backup, controllers, db, documents, incidents, orgs, profile, register, remind, signals  # noqa: F401, E501  (register their commands)
from breach.cli.app import app
from breach.cli.lazy import lazy_group


def main() -> None:
    lazy_group(app)()
