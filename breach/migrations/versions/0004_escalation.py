"""The escalation ladder, acks from the phone, heartbeats (issue 16).

delivery: the rung and level a reminder went out at, and `first_at` (the first claim: when its rung was
paged), backfilled from sent_at or claimed_at. ack: the step, the channel, the delivery acknowledged
(unique: a signed link is single-use), by whom and how (cli, link). heartbeat: `breach watch` (and
`breach serve`) say they are alive. Tables are rebuilt (recreate="always") so a migrated SQLite store's
DDL is the text create_all writes.
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

revision: str = '0004_escalation'
down_revision: Union[str, Sequence[str], None] = '0003_signals_users'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # SQLite: copy the tables, so a migrated store's DDL is the text create_all writes; PostgreSQL alters
    # them in place (a copy would drop delivery's primary key, which ack's new foreign key refers to)
    recreate = "always" if op.get_context().dialect.name == "sqlite" else "auto"
    op.create_table('heartbeat',
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('interval_s', sa.Integer(), nullable=True),
    sa.Column('info', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'host', name='pk_heartbeat')
    )
    with op.batch_alter_table('ack', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))
        batch_op.add_column(sa.Column('delivery_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('by', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=True))
        batch_op.add_column(sa.Column('via', sqlmodel.sql.sqltypes.AutoString(length=8), server_default='cli', nullable=False))
        batch_op.create_unique_constraint('uq_ack_delivery', ['delivery_id'])
        batch_op.create_foreign_key('fk_ack_delivery', 'delivery', ['delivery_id'], ['id'])

    with op.batch_alter_table('delivery', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('rung', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))
        batch_op.add_column(sa.Column('first_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE delivery SET first_at = COALESCE(sent_at, claimed_at)")


def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None, recreate='always') as batch_op:
        batch_op.drop_column('first_at')
        batch_op.drop_column('level')
        batch_op.drop_column('rung')

    with op.batch_alter_table('ack', schema=None, recreate='always') as batch_op:
        batch_op.drop_constraint('fk_ack_delivery', type_='foreignkey')
        batch_op.drop_constraint('uq_ack_delivery', type_='unique')
        batch_op.drop_column('via')
        batch_op.drop_column('by')
        batch_op.drop_column('delivery_id')
        batch_op.drop_column('channel')
        batch_op.drop_column('step')

    op.drop_table('heartbeat')
