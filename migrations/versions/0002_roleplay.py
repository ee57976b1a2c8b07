"""Role-play sessions: their difficulty and the date of the next step agreed.

Revision ID: 0002_roleplay
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_roleplay"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # server_default fills the rows of sessions that existed before difficulty did.
    op.add_column("roleplay_sessions", sa.Column("difficulty", sa.String(16), nullable=False,
                                                 server_default="normal"))
    op.add_column("roleplay_sessions", sa.Column("next_step", sa.String(10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("roleplay_sessions") as batch:
        batch.drop_column("next_step")
        batch.drop_column("difficulty")
