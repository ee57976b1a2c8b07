"""The manager's side: assignments, the audit log of manager actions, team scenarios.

Revision ID: 0003_manager
Revises: 0001
Create Date: 2026-12-01

A branch from 0001 (the role-play branch adds 0002_roleplay beside it); ``migrate()``
upgrades every head, so both apply in either order.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_manager"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("trainee_id", sa.Integer, sa.ForeignKey("trainees.id"), nullable=False),
        sa.Column("persona", sa.String(32), nullable=False),
        sa.Column("style", sa.String(32), nullable=True),
        sa.Column("difficulty", sa.String(16), nullable=True),
        sa.Column("scenario_id", sa.String(64), nullable=True),
        sa.Column("pass_mark", sa.Float, nullable=False),
        sa.Column("due", sa.Date, nullable=False),
        sa.Column("batch", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("notified_at", sa.DateTime, nullable=True),
    )
    op.create_index("ix_assignments_trainee_id", "assignments", ["trainee_id"])
    op.create_table(
        "manager_actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
    )
    op.create_index("ix_manager_actions_at", "manager_actions", ["at"])
    op.create_table(
        "team_scenarios",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("retired_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("team_scenarios")
    op.drop_index("ix_manager_actions_at", "manager_actions")
    op.drop_table("manager_actions")
    op.drop_index("ix_assignments_trainee_id", "assignments")
    op.drop_table("assignments")
