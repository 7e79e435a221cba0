import random
from datetime import UTC, datetime

from leads.domain.commands import CreateLead
from leads.domain.dedupe import Identity, Known, similar_companies
from leads.domain.import_matching import LONG_PAIR, Candidates, may_be_similar, plan
from leads.domain.model import Lead

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _edited(rng: random.Random, text: str, alphabet: str, edits: int) -> str:
    for _ in range(edits):
        at = rng.randint(0, len(text))
        kind = rng.choice("ids")
        if kind == "i" or not text:
            text = text[:at] + rng.choice(alphabet) + text[at:]
        elif kind == "d":
            text = text[:at] + text[at + 1:]
        else:
            text = text[:at] + rng.choice(alphabet) + text[at + 1:]
    return text


def test_the_candidate_blocking_never_drops_a_pair_the_fuzzy_rule_would_match() -> None:
    rng = random.Random(7)
    alphabet = "精工机械重液压123"
    similar = 0
    for _ in range(60_000):
        a = "".join(rng.choices(alphabet, k=rng.randint(1, 16)))
        b = _edited(rng, a, alphabet, rng.randint(0, 3))
        if b and similar_companies(a, b):
            similar += 1
            assert may_be_similar(a, b), (a, b)
    assert similar > 10_000  # the edits do produce plenty of matching pairs


def test_short_keys_must_share_an_end_long_ones_are_always_compared() -> None:
    assert may_be_similar("精工机械设备", "新精工机械设备")  # same last character
    assert not may_be_similar("精工机械", "重工设备")
    assert LONG_PAIR == 20
    assert may_be_similar("x" + "精密机械制造厂苏州" + "y", "精密机械制造厂苏州ab")


def _row(lead_id: str, **fields: str) -> Lead:
    given = {"name": "王磊", "company": "苏州精工"} | fields
    lead = Lead.create(CreateLead(source="import", **given), lead_id=lead_id, now=NOW)
    lead.idempotency_key = f"row:{lead_id}"
    return lead


def test_a_later_row_finds_the_lead_by_an_email_an_earlier_row_filled() -> None:
    rows = [_row("A", phone="13800000001"),
            _row("B", phone="13800000001", email="w@b.cn"),  # fills A's e-mail
            _row("C", phone="13900000002", email="w@b.cn", name="李娜", company="别家")]
    outcomes = plan(rows, Candidates())
    assert [(o.kind, o.match and o.match.lead_id) for o in outcomes] == [
        ("new", None), ("touch", "A"), ("touch", "A")]


def test_a_stored_lead_is_found_by_a_wechat_id_an_earlier_row_filled() -> None:
    stored = Known("S", Identity(phone="+8613800000001"))
    found = Candidates(exact={("phone", "+8613800000001"): [stored]})
    rows = [_row("B", phone="13800000001", wechat_id="wx_w"),
            _row("C", wechat_id="wx_w", name="李娜", company="别家")]
    assert [o.match and o.match.lead_id for o in plan(rows, found)] == ["S", "S"]
    merged = Known("M", Identity(phone="+8613800000001"), merged_into="S")
    found = Candidates(exact={("phone", "+8613800000001"): [merged]})
    # filled on the survivor, whose keys this batch does not know: C stays a new lead
    assert [o.kind for o in plan(rows, found)] == ["touch", "new"]
