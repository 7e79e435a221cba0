import random
from dataclasses import dataclass

from leads.domain.dedupe import Identity, Known, find_match, name_key, similar_companies
from leads.domain.import_matching import (
    EXACT,
    LONG_PAIR,
    Candidates,
    Outcome,
    may_be_similar,
    plan,
)


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


# plan() against the rule applied the plain way (every earlier new row as a Known, as
# plan did before it kept rows unconverted until a later row may match them).
@dataclass(frozen=True)
class _Row:
    id: str
    idempotency_key: str
    phone: str
    email: str
    wechat_id: str
    company_key: str
    name: str

    @property
    def contact_key(self) -> str:
        return name_key(self.name)

    @property
    def identity(self) -> Identity:
        return Identity(self.phone, self.email, self.wechat_id, self.company_key, self.name)


def _plain_plan(batch: list[_Row], found: Candidates) -> list[Outcome]:
    earlier: list[_Row] = []
    keys, out = set(found.seen_keys), []
    for i, row in enumerate(batch):
        if row.idempotency_key in keys:
            out.append(Outcome("seen"))
            continue
        keys.add(row.idempotency_key)
        values = [(kind, getattr(row, kind)) for kind in EXACT if getattr(row, kind)]
        known = [k for value in values for k in found.exact.get(value, ())]
        known += found.fuzzy.get(i, [])
        known += [Known(e.id, e.identity) for value in values for e in earlier
                  if getattr(e, value[0]) == value[1]]
        if row.company_key:
            known += [Known(e.id, e.identity) for e in earlier
                      if e.contact_key == row.contact_key and e.company_key
                      and may_be_similar(row.company_key, e.company_key)]
        match = find_match(row.identity, known) if known else None
        out.append(Outcome("touch", match) if match else Outcome("new"))
        if match is None:
            earlier.append(row)
    return out


def test_a_batch_is_planned_exactly_as_the_rule_applied_row_by_row() -> None:
    rng = random.Random(11)
    pick = rng.choice
    for _ in range(300):
        rows = [_Row(f"lead-{i}", f"row:{rng.randint(0, 40)}", pick(["", "+8613700000001",
                     "+8613700000002", f"+86137{i:08d}"]), pick(["", "a@x.cn", f"{i}@x.cn"]),
                     pick(["", "wx_a", f"wx{i}"]),
                     pick(["", "精工机械", "精工机械设备", "新精工机械", "重工"]),
                     pick(["", "王伟", "王 伟", "李娜"])) for i in range(rng.randint(1, 30))]
        stored = Known("stored-1", Identity("+8613700000002", "", "", "精工机械", "王伟"))
        found = Candidates(exact={("phone", "+8613700000002"): [stored]},
                           fuzzy={i: [stored] for i in range(0, len(rows), 3)},
                           seen_keys={"row:0", "row:7"})
        assert plan(rows, found) == _plain_plan(rows, found)  # type: ignore[arg-type]
