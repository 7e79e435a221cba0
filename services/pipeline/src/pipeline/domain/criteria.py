"""Entry criteria (gates) a process may put on a stage, and how each is judged.

A gate reads `Facts` about the deal, gathered by the service layer from the deal's needs
record and contract. A fact defaults to False, so a gate whose evidence is missing
reports unmet rather than passing silently. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipeline.domain.errors import Unmet


@dataclass(frozen=True)
class Facts:
    amount_fen: int = 0
    has_contact: bool = False
    needs_record_complete: bool = False   # every required needs-record field filled
    contract_approved: bool = False       # the deal's latest contract is approved (or signed)
    contract_signed: bool = False         # ... and the customer has signed it (→ won)


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    met: Callable[[Facts], bool]


CATALOGUE: dict[str, Criterion] = {c.code: c for c in (
    Criterion("contact_known", "客户至少有一位联系人", lambda f: f.has_contact),
    Criterion("amount_set", "已填写商机金额", lambda f: f.amount_fen > 0),
    Criterion("needs_record_complete", "结构化需求记录已填写完整",
              lambda f: f.needs_record_complete),
    Criterion("contract_approved", "合同已审批通过", lambda f: f.contract_approved),
    Criterion("contract_signed", "客户已签署合同", lambda f: f.contract_signed),
)}


def unmet_gates(gates: tuple[str, ...], facts: Facts) -> list[Unmet]:
    """The criteria of `gates` that `facts` do not satisfy, in the process's order."""
    return [Unmet(code, CATALOGUE[code].label) for code in gates
            if not CATALOGUE[code].met(facts)]
