"""The org chart as the gateway's OrgDirectory answers the pipeline, held in memory for the
integration tests to fill (each test adds the regions and people it needs)."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.domain.approval_matrix import Person


class Directory:
    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.roster: list[Person] = list(people)

    async def people(self) -> list[Person]:
        return list(self.roster)

    async def person(self, user_id: str) -> Person | None:
        return next((p for p in self.roster if p.id == user_id), None)
