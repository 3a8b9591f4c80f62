"""The AP form's remaining questions as breach facts, the letters' plain texts per language, and how many
persons a notice told by which means (issue 15): nullable columns only, so every row upgrades as it was.

Revision ID: 0005_form_facts
Revises: 0004_escalation
Create Date: 2026-12-02 00:03:12.079448
"""

from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate writes sqlmodel.sql.sqltypes.AutoString and UTCDateTime)
from alembic import op


revision: str = '0005_form_facts'
down_revision: Union[str, Sequence[str], None] = '0004_escalation'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # SQLite: copy the tables, so a migrated store's DDL is the text create_all writes; PostgreSQL adds
    # the columns in place (a copy would have to drop tables that others refer to).
    recreate = "always" if op.get_context().dialect.name == "sqlite" else "auto"
    with op.batch_alter_table('incident', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('other_supervisors', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('other_dpas', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('countries', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('other_organisations', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('ongoing', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('delay_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('records_basis', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('records_note', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('persons_description', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('protection_detail', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('harms', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('extortion', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('subjects_informed_by', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('texts', sa.JSON(), nullable=True))

    with op.batch_alter_table('notice', schema=None, recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column('count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('channels', sa.JSON(), nullable=True))

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table('notice', schema=None, recreate='auto') as batch_op:
        batch_op.drop_column('channels')
        batch_op.drop_column('count')

    with op.batch_alter_table('incident', schema=None, recreate='auto') as batch_op:
        batch_op.drop_column('texts')
        batch_op.drop_column('subjects_informed_by')
        batch_op.drop_column('extortion')
        batch_op.drop_column('harms')
        batch_op.drop_column('protection_detail')
        batch_op.drop_column('persons_description')
        batch_op.drop_column('records_note')
        batch_op.drop_column('records_basis')
        batch_op.drop_column('delay_reason')
        batch_op.drop_column('ongoing')
        batch_op.drop_column('other_organisations')
        batch_op.drop_column('countries')
        batch_op.drop_column('other_dpas')
        batch_op.drop_column('other_supervisors')

    # ### end Alembic commands ###
