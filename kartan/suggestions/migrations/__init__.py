"""Alembic migrations of the suggestions inbox (run by :meth:`SuggestionStore.upgrade`)."""
