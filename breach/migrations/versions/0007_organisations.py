"""Organisations in the store (issue 18): the profile and the reminder settings move out of each
machine's config.toml into `organisation`, changes are appended to `org_event`, and every breach,
channel and signal belongs to one organisation (`org_id`). Ids are unique per organisation
(`uq_incident_org_ref` replaces the unique `ref`), and the id counters are keyed by organisation
(`DL-2026` becomes `1/DL-2026`).

Every existing row goes to organisation 1, `main`, created here with an empty profile: the first
command after the upgrade moves the data home's config.toml profile and settings into it, once
(`breach.records.orgs.adopt_config`), because a migration does not know which data home ran it.
SQLite tables are copied (recreate="always"), so a migrated store's DDL is the text create_all writes.

Revision ID: 0007_organisations
Revises: 0006_signal_paged
Create Date: 2026-12-02 06:22:33.899754
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

revision: str = '0007_organisations'
down_revision: Union[str, Sequence[str], None] = '0006_signal_paged'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OWNED = ("channel", "incident", "signal")
UNNAMED = {"uq": "uq_%(table_name)s_%(column_0_name)s"}  # names SQLite's inline UNIQUE (ref), to drop it


def upgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    recreate = "always" if sqlite else "auto"
    op.create_table('organisation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('short', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('changed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('short')
    )
    op.create_table('org_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('org_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('org_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_event_org_id'), ['org_id'], unique=False)
    op.execute("INSERT INTO organisation (id, short, profile, settings, created_at) "
               "VALUES (1, 'main', '{}', '{}', CURRENT_TIMESTAMP)")
    if not sqlite:
        op.execute("SELECT setval(pg_get_serial_sequence('organisation', 'id'), 1)")

    for table in OWNED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('org_id', sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET org_id = 1")
        with op.batch_alter_table(table, schema=None, recreate=recreate,
                                  naming_convention=UNNAMED if sqlite and table == "incident" else None) as batch_op:
            batch_op.alter_column('org_id', existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_org_id'), ['org_id'], unique=False)
            if table == "incident":
                batch_op.drop_constraint('uq_incident_ref' if sqlite else 'incident_ref_key', type_='unique')
                batch_op.create_unique_constraint('uq_incident_org_ref', ['org_id', 'ref'])
            batch_op.create_foreign_key(f'fk_{table}_org', 'organisation', ['org_id'], ['id'])
    op.execute("UPDATE counter SET prefix = '1/' || prefix")


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if op.get_bind().execute(sa.text("SELECT count(*) FROM organisation")).scalar() > 1:
        raise RuntimeError("the store holds more than one organisation; 0006 had room for one")
    op.execute("UPDATE counter SET prefix = substr(prefix, 3) WHERE prefix LIKE '1/%'")
    for table in reversed(OWNED):
        with op.batch_alter_table(table, schema=None, recreate="always" if sqlite else "auto") as batch_op:
            batch_op.drop_constraint(f'fk_{table}_org', type_='foreignkey')
            if table == "incident":
                batch_op.drop_constraint('uq_incident_org_ref', type_='unique')
                batch_op.create_unique_constraint(None if sqlite else 'incident_ref_key', ['ref'])
            batch_op.drop_index(batch_op.f(f'ix_{table}_org_id'))
            batch_op.drop_column('org_id')
    with op.batch_alter_table('org_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_event_org_id'))
    op.drop_table('org_event')
    op.drop_table('organisation')
