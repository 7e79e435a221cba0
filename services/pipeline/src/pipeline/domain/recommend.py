"""「同类客户还选择了」: association rules over what similar customers bought. Pure; no I/O.

A basket is one peer customer (same industry and scale) with everything on the accepted
quotes of its won deals. For a candidate extra X and each product A the deal already
quotes (or no A when it has no quote yet) over n baskets:

    support(A→X)    = n(A∧X) / n
    confidence(A→X) = n(A∧X) / n(A)          (n(∅) = n)
    lift(A→X)       = confidence / (n(X) / n)

A rule counts only with at least `min_count` customers behind it and support of at least
`min_support`; each X keeps its best rule (confidence, then lift); results are ranked by
confidence, lift, support. Percentages in explanations round half up, in integers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

MIN_COUNT, MIN_SUPPORT = 3, 0.05
# Fewer peer customers than this with won deals in the same industry and scale: the
# peers widen to the industry (a demo or a young tenant has a few per cell), and the
# explanation says 同行业 instead of 同类, so nobody is misled about who "similar" is.
MIN_PEERS = 5
INDUSTRY_SCALE, INDUSTRY = "industry_scale", "industry"
PEER_LABELS = {INDUSTRY_SCALE: "同类客户", INDUSTRY: "同行业客户"}


@dataclass(frozen=True)
class Rule:
    product_code: str
    because_of: str        # A, or "" when the rule starts from nothing
    with_both: int         # n(A∧X): customers behind the rule
    with_antecedent: int   # n(A)
    peers: int             # n
    support: float
    confidence: float
    lift: float

    @property
    def percent(self) -> int:
        return (self.with_both * 100 + self.with_antecedent // 2) // self.with_antecedent


def rules(baskets: Iterable[frozenset[str]], *, have: set[str], candidates: set[str],
          min_count: int = MIN_COUNT, min_support: float = MIN_SUPPORT) -> list[Rule]:
    """The best rule for each candidate not in `have`, best first."""
    peers = [b for b in baskets if b]
    n = len(peers)
    if not n:
        return []
    antecedents = sorted(have) or [""]
    best: dict[str, Rule] = {}
    for x in sorted(candidates - have):
        n_x = sum(1 for b in peers if x in b)
        if not n_x:
            continue
        for a in antecedents:
            with_a = [b for b in peers if not a or a in b]
            n_ax = sum(1 for b in with_a if x in b)
            if n_ax < min_count or n_ax / n < min_support:
                continue
            confidence = n_ax / len(with_a)
            rule = Rule(x, a, n_ax, len(with_a), n, round(n_ax / n, 4), round(confidence, 4),
                        round(confidence / (n_x / n), 4))
            if x not in best or (rule.confidence, rule.lift) > (best[x].confidence,
                                                                 best[x].lift):
                best[x] = rule
    return sorted(best.values(), key=lambda r: (-r.confidence, -r.lift, -r.support,
                                                r.product_code))


def explanation(rule: Rule, *, name: str, antecedent_name: str = "",
                basis: str = INDUSTRY_SCALE) -> str:
    """e.g. 「12 个同类客户中 83% 选择了监控模块」."""
    peers = PEER_LABELS[basis]
    if not rule.because_of:
        return f"{rule.with_antecedent} 个{peers}中 {rule.percent}% 选择了{name}"
    return (f"{rule.with_antecedent} 个购买{antecedent_name or rule.because_of}的{peers}中 "
            f"{rule.percent}% 选择了{name}")
