"""The inbox: suggestions, maintainers, sessions, throttle events and meta values.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("node_id", sa.String(80), nullable=True),
        sa.Column("node_name", sa.String(300), nullable=True),
        sa.Column("learned_from", sa.Text(), nullable=True),
        sa.Column("contact", sa.String(300), nullable=True),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(80), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("branch", sa.String(200), nullable=True),
        sa.Column("commit", sa.String(64), nullable=True),
        sa.Column("pull_request", sa.String(500), nullable=True),
    )
    op.create_index("ix_suggestions_created_at", "suggestions", ["created_at"])
    op.create_index("ix_suggestions_status", "suggestions", ["status"])
    op.create_table(
        "maintainers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(300), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "maintainer_id",
            sa.Integer(),
            sa.ForeignKey("maintainers.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_sessions_maintainer_id", "sessions", ["maintainer_id"])
    op.create_table(
        "throttle",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scope", sa.String(16), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_throttle_scope_key_at", "throttle", ["scope", "key", "at"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("meta")
    op.drop_index("ix_throttle_scope_key_at", "throttle")
    op.drop_table("throttle")
    op.drop_index("ix_sessions_maintainer_id", "sessions")
    op.drop_table("sessions")
    op.drop_table("maintainers")
    op.drop_index("ix_suggestions_status", "suggestions")
    op.drop_index("ix_suggestions_created_at", "suggestions")
    op.drop_table("suggestions")
