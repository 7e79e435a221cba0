"""An admin types a region's or department's name with a stray double space, a full-width
space or a pasted line break: the name is stored with one space between its words, so
「华东  一区」 cannot sit beside 「华东 一区」 looking the same in every list, and a control or
invisible character is a 422 naming `name` before anything is read or written."""

import httpx
import pytest
from gateway.department_schemas import DepartmentCreate, DepartmentUpdate
from gateway.intake_admin_schemas import SourceCreate, SourceUpdate
from gateway.region_rules import RegionRuleError, check_name_free
from gateway.region_schemas import RegionCreate, RegionUpdate
from gateway.user_schemas import UserCreate, UserUpdate

from .fake_services import bearer, refused_field

REGIONS = "/api/v1/admin/regions"
DEPARTMENTS = "/api/v1/admin/departments"
SOURCES = "/api/v1/admin/intake-sources"
USERS = "/api/v1/admin/users"
NOBODY = "00000000-0000-0000-0000-000000000001"  # refused before anything is looked up


@pytest.mark.parametrize("typed", ["华东  一区", " 华东\u3000一区 ", "华东 \u3000 一区",
                                   "华东\u00a0一区", "\u3000华东 一区\u3000"])
def test_a_name_is_stored_with_one_ascii_space_between_its_words(typed: str) -> None:
    assert RegionCreate(code="east_one", name=typed).name == "华东 一区"
    assert RegionUpdate(name=typed).name == "华东 一区"
    assert DepartmentCreate(code="quality", name=typed).name == "华东 一区"
    assert DepartmentUpdate(name=typed).name == "华东 一区"


def test_the_length_limit_counts_the_tidied_name() -> None:
    assert RegionCreate(code="east_one", name="华" * 15 + "    " + "东" * 14).name == (
        "华" * 15 + " " + "东" * 14)


def test_a_region_stored_before_names_were_tidied_still_blocks_its_look_alike() -> None:
    with pytest.raises(RegionRuleError) as refused:
        check_name_free("华东 一区", taken={"华东  一区": "east_one"})
    assert refused.value.field == "name" and "east_one" in refused.value.message
    # renaming that very region to its tidied spelling is no clash with itself
    check_name_free("华东 一区", taken={"华东  一区": "east_one"}, code="east_one")


@pytest.mark.parametrize("typed", ["华东 一区", "华 东一区", "华东一区 ", "ＡＢＣ区", "abc区",
                                   "Abc 区"])
def test_a_name_that_reads_like_a_taken_one_is_taken(typed: str) -> None:
    """「华东 一区」 beside 「华东一区」, full-width 「ＡＢＣ区」 beside 「ABC区」: the same name to
    whoever picks it from a list, so the second is refused naming the region holding it."""
    with pytest.raises(RegionRuleError) as refused:
        check_name_free(typed, taken={"华东一区": "east_one", "ABC区": "abc"})
    assert refused.value.field == "name"
    check_name_free("华东二区", taken={"华东一区": "east_one", "ABC区": "abc"})


@pytest.mark.parametrize("name", ["华东\n一区", "华东\t一区", "华东\u200b一区", "华\u202e东",
                                  "华东\x7f", "华东\x85一区", "\ufeff华东"],
                         ids=["newline", "tab", "zero-width space", "bidi override", "DEL",
                              "C1 next line", "byte order mark"])
async def test_a_control_or_invisible_character_is_refused_naming_name(
        offline_client: httpx.AsyncClient, name: str) -> None:
    admin = bearer("admin")
    for method, path, body in (
            ("POST", REGIONS, {"code": "east_one", "name": name}),
            ("PATCH", f"{REGIONS}/east", {"name": name}),
            ("POST", DEPARTMENTS, {"code": "quality", "name": name}),
            ("PATCH", f"{DEPARTMENTS}/quality", {"name": name})):
        answer = await offline_client.request(method, path, json=body, headers=admin)
        assert "控制字符" in refused_field(answer, "name"), (method, path)


async def test_a_name_of_spaces_alone_is_empty(offline_client: httpx.AsyncClient) -> None:
    answer = await offline_client.post(REGIONS, json={"code": "east_one", "name": "\u3000 \u3000"},
                                       headers=bearer("admin"))
    assert refused_field(answer, "name") == "不能为空"


@pytest.mark.parametrize("typed", ["2027  上海\u3000工博会", " 2027 上海\u00a0工博会 "])
def test_a_sources_and_a_persons_display_name_are_stored_tidied_too(typed: str) -> None:
    """The same rule, from the same helper: an export's 来源 or 姓名 column shows one
    spelling of 「2027 上海 工博会」 whatever the admin pasted."""
    assert SourceCreate(name="expo_2027", display_name=typed).display_name == (
        "2027 上海 工博会")
    assert SourceUpdate(display_name=typed).display_name == "2027 上海 工博会"
    assert UserCreate(username="lin", display_name=typed, role="finance",
                      password="x").display_name == "2027 上海 工博会"
    assert UserUpdate(display_name=typed).display_name == "2027 上海 工博会"


@pytest.mark.parametrize("name", ["林\n珊", "林\u200b珊", "\u202e林珊", "林珊\x85"],
                         ids=["newline", "zero-width space", "bidi override", "C1"])
async def test_a_control_character_in_a_source_or_person_name_is_refused_naming_it(
        offline_client: httpx.AsyncClient, name: str) -> None:
    admin = bearer("admin")
    for method, path, body, field in (
            ("POST", SOURCES, {"name": "expo_2027", "display_name": name}, "display_name"),
            ("POST", SOURCES, {"name": f"expo{name}", "display_name": "展会"}, "name"),
            ("PATCH", f"{SOURCES}/{NOBODY}", {"display_name": name}, "display_name"),
            ("POST", USERS, {"username": "lin", "display_name": name, "role": "finance",
                             "password": "Lin-2027-pass"}, "display_name"),
            ("PATCH", f"{USERS}/{NOBODY}", {"display_name": name}, "display_name")):
        answer = await offline_client.request(method, path, json=body, headers=admin)
        assert "控制字符" in refused_field(answer, field), (method, path)
