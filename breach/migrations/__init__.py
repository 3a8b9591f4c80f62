"""breach's Alembic migrations (env.py, versions/). Importing this package imports nothing heavy."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent


def alembic_config(connection=None, url: str | None = None):
    """An Alembic Config for these migrations, without an alembic.ini: bound to an open connection
    (whose transaction the caller owns) or to a URL (the developer's command)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("file_template", "%%(rev)s")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())
