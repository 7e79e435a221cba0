"""The English titles the database was seeded with count in the right number after the
20261210 revision: a digest of one held message reads "1 notification", an import's one
overdue lead "1 lead" (the seeded rows, not only the code's defaults, are what renders)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from notifications.adapters import templates_repo
from notifications.domain import templates
from notifications.domain.plurals import counted
from sqlalchemy.ext.asyncio import AsyncSession

pytestmark = pytest.mark.integration


async def test_the_seeded_english_titles_say_one_lead_and_one_notification(
        db_session: Callable[[str], Awaitable[AsyncSession]]) -> None:
    templates_repo.forget()
    book = await templates_repo.book(await db_session("notifications"))
    templates_repo.forget()
    assert {"digest", "import_first_contact_overdue"} <= set(book)  # seeded, not defaults

    def title(kind: str, noun: str, **params: str) -> str:
        said = params | {"count": "1", f"{noun}s_en": counted(1, noun)}
        return templates.render(kind, said, "en", book).title

    assert title("digest", "notification", lines="-") == "1 notification from your quiet hours"
    assert title("import_first_contact_overdue", "lead", file="名单.xlsx", owners_en="-",
                 last_due="-") == "Overdue for first contact: 1 lead from import 名单.xlsx"
    assert title("import_first_contact_reminder", "lead", file="名单.xlsx", percent="50",
                 first_due="-", last_due="-") == (
        "1 lead from import 名单.xlsx: 50% of first-contact time used")
