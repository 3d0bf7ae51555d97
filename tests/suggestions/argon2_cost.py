"""Argon2id at its least cost in the suggestions tests.

At the default cost (RFC 9106's low-memory profile: 0.2 CPU seconds a hash) the 71 hashes
of these tests took a tenth of the suite's CPU.  The app reads the cost from its settings
and ``kartan maintainers`` from the same ``KARTAN_ARGON2_*`` variables;
``test_store.py`` checks the default cost and the rehash to it at sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher

from kartan.suggestions.records import (
    password_hasher,
)

ARGON2_ENV = {"KARTAN_ARGON2_TIME_COST": "1", "KARTAN_ARGON2_MEMORY_KIB": "64"}


def cheap_hasher() -> PasswordHasher:
    """The hasher the app and ``kartan maintainers`` use under :data:`ARGON2_ENV`."""
    return password_hasher(1, 64)
