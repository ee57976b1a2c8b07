"""Each trainee's preferred tip form (short first answer, or the full entry).

Revision ID: 0004_tips
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_tips"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tip_preferences",
        sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), primary_key=True),
        sa.Column("form", sa.String(16), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("tip_preferences")
