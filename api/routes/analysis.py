"""``GET /api/analysis`` (placeholder until kartan.analysis lands)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api", tags=["analysis"])
