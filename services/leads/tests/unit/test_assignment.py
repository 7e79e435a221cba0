from leads.domain.assignment import Candidate, decide, next_in_turn

A, B, C = Candidate("u1", "rep01"), Candidate("u2", "rep02"), Candidate("u3", "rep03")
MANAGER = Candidate("m1", "mgr-east")


def test_reps_of_a_region_take_turns_in_a_stable_order() -> None:
    last = None
    picked = []
    for _ in range(7):
        rep = next_in_turn([C, A, B], last)
        picked.append(rep.username)
        last = rep.user_id
    assert picked == ["rep01", "rep02", "rep03", "rep01", "rep02", "rep03", "rep01"]


def test_a_rep_leaving_the_region_does_not_make_the_next_one_skip_a_turn() -> None:
    assert next_in_turn([A, C], last_user_id="u2") == C


def test_a_new_rep_joining_gets_a_turn_in_order() -> None:
    assert next_in_turn([A, B, C], last_user_id="u1") == B


def test_turns_wrap_around_after_the_last_rep() -> None:
    assert next_in_turn([A, B, C], last_user_id="u3") == A


def test_round_robin_reason_names_the_region_and_moves_the_cursor() -> None:
    decision = decide(region_name="华东", reps=[A, B], managers=[MANAGER], last_user_id="u1")
    assert decision.owner == B
    assert decision.reason == "华东区域轮询分配"
    assert decision.cursor == "u2"


def test_a_region_without_reps_gives_the_lead_to_its_manager() -> None:
    decision = decide(region_name="西南", reps=[], managers=[MANAGER], last_user_id="u1")
    assert decision.owner == MANAGER
    assert "经理" in decision.reason
    assert decision.cursor is None


def test_a_region_without_reps_or_manager_leaves_the_lead_unassignable_with_a_reason() -> None:
    decision = decide(region_name="西南", reps=[], managers=[], last_user_id=None)
    assert decision.owner is None
    assert "无法分配" in decision.reason
