"""The first release's schema (issue 2): incidents, their notices and timeline, the id counter.

Exactly the tables, columns, indexes and constraints that release's create_all made.
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

revision: str = '0001_incident_log'
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('counter',
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix')
    )
    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('aware_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('discovered_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('occurred_from', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('occurred_to', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('how_discovered', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reported_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('ap_window_hours', sa.Integer(), nullable=False),
    sa.Column('customers_window_hours', sa.Integer(), nullable=False),
    sa.Column('breach_types', sa.JSON(), nullable=False),
    sa.Column('data_categories', sa.JSON(), nullable=False),
    sa.Column('special_categories', sa.JSON(), nullable=False),
    sa.Column('person_categories', sa.JSON(), nullable=False),
    sa.Column('persons_min', sa.Integer(), nullable=True),
    sa.Column('persons_max', sa.Integer(), nullable=True),
    sa.Column('records', sa.Integer(), nullable=True),
    sa.Column('consequences', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('measures_taken', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('measures_planned', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('cross_border', sa.Boolean(), nullable=True),
    sa.Column('high_risk', sa.Boolean(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('close_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ref')
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index('ix_incident_status_aware', ['status', 'aware_at'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_incident_id'), ['incident_id'], unique=False)

    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('obligation', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('deadline_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('delay_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notice_incident_id'), ['incident_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notice_incident_id'))

    op.drop_table('notice')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_incident_id'))

    op.drop_table('event')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index('ix_incident_status_aware')

    op.drop_table('incident')
    op.drop_table('counter')
