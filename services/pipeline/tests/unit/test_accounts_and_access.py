"""One company, one account; and who sees which deal."""

from pipeline.domain.access import can_read, scope_for
from pipeline.domain.accounts import account_key


def test_spellings_of_one_company_share_an_account_key() -> None:
    key = account_key("苏州精工机械有限公司")
    assert key == account_key("苏州精工机械股份有限公司")
    assert key == account_key("  苏州精工机械（江苏）有限公司 ")
    assert account_key("江苏省苏州精工机械有限公司") == key
    assert account_key("ＡＢＣ Machinery Co., Ltd.") == account_key("abc machinery")
    assert account_key("苏州精工机械") != account_key("无锡精工机械")


def test_a_key_never_shrinks_below_two_characters() -> None:
    assert account_key("上海有限公司") == "上海"


def test_rep_sees_own_manager_their_regions_director_all() -> None:
    rep = scope_for(role="rep", user_id="u1", region_ids=("r1",))
    assert can_read(rep, owner_id="u1", region_id="r9")
    assert not can_read(rep, owner_id="u2", region_id="r1")
    manager = scope_for(role="manager", user_id="m1", region_ids=("r1",))
    assert can_read(manager, owner_id="u2", region_id="r1")
    assert not can_read(manager, owner_id="u2", region_id="r2")
    assert can_read(scope_for(role="director", user_id="d", region_ids=()), owner_id="x",
                    region_id="")
    assert not can_read(scope_for(role="finance", user_id="f", region_ids=()), owner_id="f",
                        region_id="r1")
