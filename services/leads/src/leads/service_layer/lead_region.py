"""The region a lead already in the system is handled in.

An admin may move a province to another region (the gateway's region admin). A new lead
from it goes to the new region (ResolveRegion); a lead already here keeps its region —
its manager, its reports and its place in the lists stay — unless someone moves it, or
its customer's province changes (region_follow.py). So a
reassignment of an existing lead (rejected, overdue, a leaver's leads back through the
rules) picks among its own region's reps, not the province's region of today."""

from __future__ import annotations

from typing import Protocol

from leads.adapters.clients import Region
from leads.domain.model import Lead


class Regions(Protocol):
    async def resolve_region(self, province: str) -> Region: ...
    async def region_by_id(self, region_id: str) -> Region | None: ...


async def kept_region(org: Regions, lead: Lead) -> Region:
    """The lead's own region; its province's region only when it has none the directory
    still knows."""
    if lead.region_id:
        found = await org.region_by_id(lead.region_id)
        if found is not None:
            return found
    return await org.resolve_region(lead.province)
