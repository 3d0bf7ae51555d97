"""HTML pages (owned by the frontend work; registered by api.app)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
