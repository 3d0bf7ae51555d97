"""The one error hierarchy of kartan: every error the library raises on purpose is a
:class:`KartanError`.

The web layer turns them into HTTP answers in one place (the table in
:mod:`api.errors`); the command line prints them.  The errors live beside the code that
raises them (``kartan.load.MapInvalidError``, ``kartan.export.ExportError``,
``kartan.proposal.ProposalError``, ``kartan.history.HistoryError``,
``kartan.suggestions.records.SuggestionError`` …); this module holds the base and the
errors more than one module raises.

>>> issubclass(UnknownNodeError, KartanError), issubclass(UnknownNodeError, LookupError)
(True, True)
>>> str(UnknownNodeError("finns-inte"))
"unknown node 'finns-inte'"
"""

from __future__ import annotations


class KartanError(Exception):
    """Base class of the errors raised by kartan."""


class UnavailableError(KartanError):
    """Something the answer needs cannot be reached now (git, a database, a valid data
    file): not the asker's fault, try again later (a 503 on the web)."""


class UnknownNodeError(KartanError, KeyError):
    """An id names no node of the map (a 404 on the web).

    ``node`` is the id; the message is plain (not quoted as a ``KeyError``'s would be).
    """

    def __init__(self, node: str, message: str | None = None) -> None:
        self.node = node
        super().__init__(message if message is not None else f"unknown node '{node}'")

    def __str__(self) -> str:
        return str(self.args[0])
