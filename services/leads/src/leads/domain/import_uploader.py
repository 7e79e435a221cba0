"""Who uploaded an import, as what: a rep's own spreadsheet holds their own customers, so
its new leads stay with them, as a rep's manual entry does (service_layer/import_own.py);
a manager's, director's or admin's upload (a trade-show list) goes through the rules."""

from __future__ import annotations

from dataclasses import dataclass

from servicekit.auth import Principal

OWN_ROLES = frozenset({"rep"})
OWN_REASON = "销售导入，归导入人跟进"


@dataclass(frozen=True)
class Uploader:
    user_id: str = ""
    role: str = ""  # empty: an import from before this was recorded (the rules place it)
    username: str = ""
    region_id: str = ""  # the rep's home region, as a manual entry takes the token's

    @classmethod
    def of(cls, principal: Principal) -> Uploader:
        region = principal.region_ids[0] if principal.region_ids else ""
        return cls(principal.user_id, principal.role, principal.username, region)

    @property
    def keeps_the_leads(self) -> bool:
        return self.role in OWN_ROLES
