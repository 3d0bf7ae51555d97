"""The human-readable API page ``/docs``: its parameter table reads as text for people."""

from __future__ import annotations

from typing import Any


def test_the_parameter_types_read_as_text(real_app: Any) -> None:
    for lang, empty in (
        ("sv", "&quot;&quot; (tomt: inget filter)"),
        ("en", "&quot;&quot; (empty: no filter)"),
    ):
        page = real_app.get(f"/docs?lang={lang}").text
        # the empty value of an id filter is named, not an empty item ("one of: , a, b")
        assert "one of: ," not in page and "ett av: ," not in page
        assert empty in page or empty.replace("&quot;", '"') in page
        # the date's 300-character pattern is left to the description (YYYY-MM-DD)
        assert "0[13578]" not in page
        assert "YYYY-MM-DD" in page
