"""Lead score 0-100 from the qualified fields and the source, with the reasons listed.

A pure function of the lead's fields: recomputed whenever they change, so the score and
its factors never disagree with what the rep sees. Weights (maximum points):

| factor         | max | rule                                                              |
|----------------|-----|-------------------------------------------------------------------|
| budget         |  25 | <10万 5, 10万-50万 12, 50万-200万 20, >=200万 25 (元)             |
| urgency        |  20 | high 20, medium 10, low 3                                         |
| company_scale  |  15 | <50 3, 50-200 8, 200-1000 12, >1000 15 (人)                      |
| decision_chain |  15 | decider known 10, plus an influencer or user known 5              |
| source         |  10 | trade show / QR 10, web form 10, manual 8, ads 5, import 4, other 3 |
| pain_point     |   8 | a pain point written down                                         |
| industry       |   4 | industry known                                                    |
| contact        |   3 | both phone and email known                                        |

A source scores by its kind (`source_kind`: web_form, trade_show, ads, other), which the
gateway's intake-source directory holds per source and sends with each arrival, so a
show an admin creates as expo_2027_shanghai scores as the trade show it is. Without one
(a lead from before, manual entry, an import) the kind is read from the name:
`web_form`; `qr*`/`trade_show*`; `baidu`, `bytedance`, `tencent`, `generic` or `ads*`;
`manual`; `import`. A factor that earns nothing is not listed, so the factors always add
up to the score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leads.domain.qualification import DecisionMaker

_WAN = 10_000 * 100  # 1 万元 in fen
_BUDGET_BANDS = ((200 * _WAN, 25, "预算不低于200万元"), (50 * _WAN, 20, "预算50万-200万元"),
                 (10 * _WAN, 12, "预算10万-50万元"), (0, 5, "预算低于10万元"))
_URGENCY = {"high": (20, "紧急程度高"), "medium": (10, "紧急程度中"), "low": (3, "紧急程度低")}
_SCALE = {"gt1000": (15, "公司规模1000人以上"), "200_1000": (12, "公司规模200-1000人"),
          "50_200": (8, "公司规模50-200人"), "lt50": (3, "公司规模50人以下")}
_ADS = ("baidu", "bytedance", "tencent", "generic", "ads")


@dataclass(frozen=True)
class ScoreFactor:
    factor: str
    points: int
    reason_zh: str


MANUAL = "manual"  # a lead a rep or manager entered by hand (the gateway's POST /leads)


# The kinds of intake source the gateway's directory knows (an admin picks one per
# source), and the leads service's own two; what the source factor scores.
WEB_FORM, TRADE_SHOW, ADS, OTHER, IMPORT = "web_form", "trade_show", "ads", "other", "import"
SOURCE_KINDS = frozenset({WEB_FORM, TRADE_SHOW, ADS, OTHER})
_KIND_POINTS = {TRADE_SHOW: (10, "展会现场获取，意向明确"), WEB_FORM: (10, "官网表单主动咨询"),
                MANUAL: (8, "销售手工录入"), ADS: (5, "广告投放获取"),
                IMPORT: (4, "批量导入"), OTHER: (3, "其他来源")}


def kind_by_name(source: str) -> str:
    """A source's kind read from its name: leads from before the directory said it, and
    the leads service's own sources (manual, import)."""
    if source.startswith(("qr", "trade_show")):
        return TRADE_SHOW
    if source in (WEB_FORM, MANUAL, IMPORT):
        return source
    return ADS if source.startswith(_ADS) else OTHER


def _source(source: str, kind: str) -> tuple[int, str]:
    return _KIND_POINTS[kind if kind in SOURCE_KINDS else kind_by_name(source)]


def _chain(chain: Sequence[DecisionMaker]) -> tuple[int, str]:
    roles = {m.role for m in chain}
    if "decider" not in roles:
        return 0, ""
    if roles - {"decider"}:
        return 15, "决策人和影响人均已明确"
    return 10, "决策人已明确"


def score(*, source: str, budget_fen: int | None, urgency: str, company_scale: str,
          decision_chain: Sequence[DecisionMaker], pain_point: str, industry: str,
          phone: str, email: str, source_kind: str = "") -> tuple[int, list[ScoreFactor]]:
    found: list[ScoreFactor] = []

    def add(factor: str, points: int, reason: str) -> None:
        if points:
            found.append(ScoreFactor(factor, points, reason))

    if budget_fen is not None:
        add("budget", *next((p, r) for floor, p, r in _BUDGET_BANDS if budget_fen >= floor))
    add("urgency", *_URGENCY.get(urgency, (0, "")))
    add("company_scale", *_SCALE.get(company_scale, (0, "")))
    add("decision_chain", *_chain(decision_chain))
    add("source", *_source(source, source_kind))
    add("pain_point", 8 if pain_point else 0, "已记录客户痛点")
    add("industry", 4 if industry else 0, "行业已知")
    add("contact", 3 if phone and email else 0, "手机和邮箱均已留存")
    return min(100, sum(f.points for f in found)), found
