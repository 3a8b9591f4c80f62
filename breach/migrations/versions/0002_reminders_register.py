"""Decisions, assessments, reminders and the sealed register (issues 3-5): new tables only.

The timeline events a 0001 store already holds are sealed here, marked adopted (`breach.store.chain`).
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

revision: str = '0002_reminders_register'
down_revision: Union[str, Sequence[str], None] = '0001_incident_log'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Constraints in the order create_all writes them, so a migrated store's DDL is the same text.
    op.create_table('channel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('detail', sa.Boolean(), nullable=False),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('remindrun',
    sa.Column('host', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent', sa.Integer(), nullable=False),
    sa.Column('failed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('host')
    )
    op.create_table('store_info',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('ack',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('obligation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('ack', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ack_incident_id'), ['incident_id'], unique=False)

    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('enisa_score', sa.Float(), nullable=False),
    sa.Column('enisa_band', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('ap_severity', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('severity_explanation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('recommend_ap', sa.Boolean(), nullable=False),
    sa.Column('recommend_subjects', sa.Boolean(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('example', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_incident_id'), ['incident_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('obligation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('notify', sa.Boolean(), nullable=False),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('recommended', sa.Boolean(), nullable=True),
    sa.Column('departs', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_incident_id'), ['incident_id'], unique=False)

    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('obligation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('step', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('due_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('next_try_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'obligation', 'step', 'channel', name='uq_delivery_claim'),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_status_next', ['status', 'next_try_at'], unique=False)

    op.create_table('event_chain',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('head', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('adopted', sa.Integer(), nullable=False),
    sa.Column('adopted_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('incident_id')
    )
    op.create_table('event_seal',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('adopted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('event_id'),
    sa.UniqueConstraint('incident_id', 'position', name='uq_event_seal_position'),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    )
    _seal_existing_events()


def _seal_existing_events() -> None:
    """Seal the events recorded before sealing existed, marked adopted: from now on the chain vouches
    for them. The canonical form hashed is versioned (`breach.store.chain.canonical`, "v": 1)."""
    from datetime import datetime, timezone

    from breach.store import chain

    chain.adopt_unsealed(op.get_bind(), datetime.now(timezone.utc))


def downgrade() -> None:
    op.drop_table('event_seal')
    op.drop_table('event_chain')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index('ix_delivery_status_next')

    op.drop_table('delivery')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_incident_id'))

    op.drop_table('decision')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_incident_id'))

    op.drop_table('assessment')
    with op.batch_alter_table('ack', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ack_incident_id'))

    op.drop_table('ack')
    op.drop_table('store_info')
    op.drop_table('remindrun')
    op.drop_table('channel')
