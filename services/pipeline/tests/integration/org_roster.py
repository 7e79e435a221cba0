"""The org chart as the gateway's OrgDirectory answers the pipeline, held in memory for the
integration tests to fill (each test adds the regions and people it needs)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from pipeline.domain.approval_matrix import Person


class Directory:
    def __init__(self, people: Iterable[Person] = ()) -> None:
        self.roster: list[Person] = list(people)

    async def people(self) -> list[Person]:
        return list(self.roster)

    async def person(self, user_id: str) -> Person | None:
        return next((p for p in self.roster if p.id == user_id), None)

    async def people_of_manager(self, manager_id: str,
                                region_ids: Collection[str]) -> set[str]:
        """As servicekit.orgdir answers: home region managed, or reporting to them."""
        return {p.id for p in self.roster
                if p.region_id in region_ids or (manager_id and p.manager_id == manager_id)}
