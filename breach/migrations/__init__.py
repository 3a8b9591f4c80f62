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


VERSION_TABLE = "alembic_version"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """`breach.store.models` declares alembic's own version table (so create_all makes it); alembic keeps it."""
    return not (type_ == "table" and name == VERSION_TABLE)


def context_options() -> dict:
    """How migrations are run and compared with the models (env.py; the equivalence test)."""
    return {
        "include_object": include_object,
        "render_as_batch": True,  # SQLite alters a table by copying it; alembic's batch mode does that
        "compare_type": True,
        "version_table": VERSION_TABLE,
    }
