"""What people write keeps its Chinese punctuation; what is matched (and every key computed
from text) is still folded half-width, so nothing stored before re-keys."""

import random
import re
from datetime import UTC, datetime

from leads.domain.commands import CreateLead, UpdateQualification
from leads.domain.fingerprint import fingerprint
from leads.domain.import_rows import header_map, lead_from_row
from leads.domain.lifecycle import clean_contact_text, disqualify
from leads.domain.model import Lead
from leads.domain.normalise import clean_text, folded, free_text
from leads.domain.qualification import clean_tags
from servicekit.company_names import FULL_TO_HALF

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def _lead(**fields: str) -> Lead:
    cmd = CreateLead(source="web_form", phone="13812345678", idempotency_key="k1", **fields)
    return Lead.create(cmd, lead_id="l1", now=NOW)


def test_a_contact_outcome_is_stored_as_the_rep_typed_it() -> None:
    outcome, next_step = clean_contact_text("客户有采购意向，预算约80万。", "下周：带样品拜访")
    assert outcome == "客户有采购意向，预算约80万。"
    assert next_step == "下周：带样品拜访"


def test_the_web_form_message_and_pain_point_keep_their_punctuation() -> None:
    lead = _lead(name="张伟", company="苏州精工（集团）", message="想了解价格，\n请尽快联系！")
    assert lead.message == "想了解价格，\n请尽快联系！"
    lead.update_qualification(UpdateQualification(lead_id="l1", pain_point="换线慢，良率低"))
    assert lead.pain_point == "换线慢，良率低"


def test_names_and_companies_are_still_folded_for_matching() -> None:
    lead = _lead(name="Ｊｏｈｎ　Ｓｍｉｔｈ", company="ＡＢＣ（苏州）")
    assert (lead.name, lead.company) == ("John Smith", "ABC(苏州)")


def test_a_disqualify_reason_keeps_its_punctuation() -> None:
    lead = _lead(name="王五")
    lead.status = "contacted"
    disqualify(lead, "同行，非客户。", by_user_id="u1", now=NOW)
    assert lead.disqualified_reason == "同行，非客户。"


def test_tags_keep_their_punctuation_and_fold_only_to_tell_duplicates() -> None:
    assert clean_tags(["重点：汽车", "重点:汽车", "华东"]) == ["重点：汽车", "华东"]


def test_folding_the_kept_text_gives_what_was_stored_before() -> None:
    for text in ("客户有采购意向，预算约80万", "Ａ　ｂ，ｃ：", "  两行，\n　第二行：好  "):
        for multiline in (False, True):
            kept = free_text("f", text, max_length=100, multiline=multiline)
            assert folded(kept) == clean_text("f", text, max_length=100, multiline=multiline)


def test_a_retry_with_the_message_typed_in_half_width_is_the_same_request() -> None:
    full = _lead(name="张伟", message="请报价，谢谢")
    half = _lead(name="张伟", message="请报价,谢谢")
    assert full.message != half.message
    assert fingerprint(full, "web_form") == fingerprint(half, "web_form")


def test_an_import_row_keeps_its_key_while_its_note_keeps_the_comma() -> None:
    columns = header_map(["姓名", "手机", "备注", "痛点"])
    full = lead_from_row(["张伟", "13812345678", "老客户，复购", "交期长；价格高"], columns,
                         lead_id="a", now=NOW).lead
    half = lead_from_row(["张伟", "13812345678", "老客户,复购", "交期长;价格高"], columns,
                         lead_id="b", now=NOW).lead
    assert full is not None and half is not None
    assert (full.message, full.pain_point) == ("老客户，复购", "交期长；价格高")
    assert full.idempotency_key == half.idempotency_key


def _clean_by_regex(value: str, *, fold: bool, multiline: bool) -> str:
    """clean_text as it was written with regexes only, before its fast paths."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", value.replace("\r\n", "\n"))
    if fold:
        text = text.translate(FULL_TO_HALF)
    if multiline:
        return "\n".join(re.sub(r"[^\S\n]+", " ", line).strip()
                         for line in text.split("\n")).strip()
    return re.sub(r"\s+", " ", text).strip()


def test_names_and_messages_are_cleaned_as_the_regexes_cleaned_them() -> None:
    rng = random.Random(3)
    alphabet = [*"ａＢ１　 \t\n\r\x00\x07\x0b\x0c\x1b\x1c\x7f\x85\xa0\u2028\u3000",
                *"abc王芳，。()（）!", *(chr(0xFF01 + i) for i in range(0, 94, 7))]
    for _ in range(40_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 14)))
        for fold in (True, False):
            for multiline in (True, False):
                assert clean_text("f", text, max_length=100, fold=fold, multiline=multiline) \
                    == _clean_by_regex(text, fold=fold, multiline=multiline), repr(text)
