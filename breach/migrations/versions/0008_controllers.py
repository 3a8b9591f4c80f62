"""The controllers concerned by a processor's breach (issue 18): `controller` (name, contact person, e-mail,
their own reference, the key that names it on the command line, unique within its breach, and how many of
its persons are concerned), and `notice.controller_id`: the controller a customers notice told (nullable:
every notice made before, and every one of a breach without controllers, told the breach's one). Existing
rows upgrade as they were. SQLite copies `notice` (recreate="always"), so a migrated store's DDL is the
text create_all writes.

Revision ID: 0008_controllers
Revises: 0007_organisations
Create Date: 2026-12-02 06:33:28.126378
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op

revision: str = '0008_controllers'
down_revision: Union[str, Sequence[str], None] = '0007_organisations'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    recreate = "always" if op.get_context().dialect.name == "sqlite" else "auto"
    op.create_table('controller',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('contact', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('reference', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('persons', sa.Integer(), nullable=True),
    sa.Column('added_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('incident_id', 'key', name='uq_controller_key')
    )
    with op.batch_alter_table('controller', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_controller_incident_id'), ['incident_id'], unique=False)

    with op.batch_alter_table('notice', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('controller_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_notice_controller', 'controller', ['controller_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint('fk_notice_controller', type_='foreignkey')
        batch_op.drop_column('controller_id')

    with op.batch_alter_table('controller', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_controller_incident_id'))

    op.drop_table('controller')
