"""Association-rule maths on fixed baskets (one basket per similar customer)."""

from __future__ import annotations

from pipeline.domain.recommend import explanation, rules


def _baskets() -> list[frozenset[str]]:
    # 12 customers bought the palletiser: 10 with the monitor, 3 with the wrap machine;
    # 8 bought the conveyor: 2 with the monitor, 6 with the remote service.
    pal = [{"PAL", "MON"}] * 7 + [{"PAL", "MON", "WRAP"}] * 3 + [{"PAL"}] * 2
    conv = [{"CONV", "MON"}] * 2 + [{"CONV", "RMT"}] * 6
    return [frozenset(b) for b in pal + conv]


def test_confidence_lift_and_support_follow_their_definitions() -> None:
    found = rules(_baskets(), have={"PAL"}, candidates={"MON", "WRAP", "RMT"})
    mon = next(r for r in found if r.product_code == "MON")
    assert (mon.because_of, mon.with_both, mon.with_antecedent, mon.peers) == ("PAL", 10, 12, 20)
    assert mon.support == 0.5                      # 10 / 20
    assert mon.confidence == round(10 / 12, 4)     # 0.8333
    assert mon.lift == round((10 / 12) / (12 / 20), 4)
    assert explanation(mon, name="监控模块", antecedent_name="码垛机器人") == (
        "12 个购买码垛机器人的同类客户中 83% 选择了监控模块")


def test_ranked_by_confidence_then_lift_and_rules_below_minimum_support_are_dropped() -> None:
    found = rules(_baskets(), have={"PAL"}, candidates={"MON", "WRAP", "RMT"}, min_count=3)
    assert [r.product_code for r in found] == ["MON", "WRAP"]   # RMT never with PAL
    assert [r.product_code for r in rules(_baskets(), have={"PAL"},
                                          candidates={"MON", "WRAP"}, min_count=4)] == ["MON"]
    assert rules(_baskets(), have={"PAL"}, candidates={"WRAP"}, min_support=0.2) == []


def test_what_the_deal_already_has_is_never_recommended() -> None:
    found = rules(_baskets(), have={"PAL", "MON"}, candidates={"MON", "WRAP"})
    assert [r.product_code for r in found] == ["WRAP"]


def test_a_deal_without_a_quote_gets_what_most_similar_customers_chose() -> None:
    found = rules(_baskets(), have=set(), candidates={"MON", "RMT", "WRAP"})
    assert [(r.product_code, r.because_of) for r in found] == [
        ("MON", ""), ("RMT", ""), ("WRAP", "")]
    assert found[0].confidence == 0.6 and found[0].lift == 1.0
    assert explanation(found[0], name="监控模块") == "20 个同类客户中 60% 选择了监控模块"
    assert explanation(found[0], name="监控模块", basis="industry") == (
        "20 个同行业客户中 60% 选择了监控模块")
    assert rules([], have=set(), candidates={"MON"}) == []


def test_demo_baskets_are_stable_valid_and_follow_the_industry() -> None:
    from pipeline.domain.demo_catalogue import DEMO_CATALOGUE
    from pipeline.domain.demo_quotes import demo_basket
    from pipeline.domain.pricing import price_lines

    catalogue = {p.code: p for p in DEMO_CATALOGUE}
    baskets = [demo_basket(industry="食品饮料", scale="200_1000", key=f"k{i}") for i in range(200)]
    assert baskets[7] == demo_basket(industry="食品饮料", scale="200_1000", key="k7")
    for lines in baskets:
        price_lines(lines, catalogue)   # every basket is a quote the rules accept
    took = sum(any(x.product_code == "OPT-MON" for x in b) for b in baskets) / len(baskets)
    assert 0.75 < took < 0.95 and all(b[0].product_code == "PAL-R200" for b in baskets)
