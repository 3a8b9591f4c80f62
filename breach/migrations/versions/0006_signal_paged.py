"""When `breach remind` paged someone about a signal and how far up the ladder (`signal.paged_at`,
`signal.paged_rung`): nullable columns, so every row upgrades as it was (signals reported before it count as paged: they were on the
dashboard and in `breach signals` already, and paging them now would wake someone for old news).

Revision ID: 0006_signal_paged
Revises: 0005_form_facts
Create Date: 2026-12-02 01:20:00.000000
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

CLIMBED = 5  # breach.domain.ladder.CLIMBED, frozen here: a migration does not change with the code


revision: str = '0006_signal_paged'
down_revision: Union[str, Sequence[str], None] = '0005_form_facts'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # SQLite: copy the table, so a migrated store's DDL is the text create_all writes
    recreate = "always" if op.get_context().dialect.name == "sqlite" else "auto"
    with op.batch_alter_table('signal', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('paged_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('paged_rung', sa.Integer(), nullable=True))
    op.execute(f"UPDATE signal SET paged_at = received_at, paged_rung = {CLIMBED}")


def downgrade() -> None:
    with op.batch_alter_table('signal', schema=None, recreate='auto') as batch_op:
        batch_op.drop_column('paged_rung')
        batch_op.drop_column('paged_at')
