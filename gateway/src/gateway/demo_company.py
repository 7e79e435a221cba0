"""The demo company `python -m gateway seed` creates (zh-CN names). Pure data."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.provinces import REGIONS

# (code, name, kind): 销售部 is the sales department (no work orders); the rest are queues.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("sales", "销售部", "sales"), ("engineering", "技术部", "functional"),
    ("finance", "财务部", "functional"), ("it", "信息部", "functional"),
    ("delivery", "交付部", "functional"),
)


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    role: str
    department: str
    region: str | None = None       # region code of home region
    manager: str | None = None      # username of whom they report to
    manages: tuple[str, ...] = ()   # region codes a manager manages


_MANAGER_NAMES = {"east": "李明", "south": "张伟", "north": "刘洋", "west": "杨帆"}
_REP_NAMES = (
    "周婷", "吴磊", "郑浩", "王芳", "冯军",     # 华东
    "陈静", "褚强", "卫东", "蒋丽", "沈涛",     # 华南
    "韩梅", "朱勇", "秦岚", "尤斌", "许娜",     # 华北
    "何平", "吕超", "施琳", "孔亮", "曹敏",     # 西南
)


def _people() -> tuple[Person, ...]:
    # Contract approvers above the regions (issue 4's default approval matrix): the
    # general manager, and the sales VP reporting to them (escalations go up this line).
    people = [Person("gm", "陈志远", "director", "sales"),
              Person("vp", "赵德胜", "director", "sales", manager="gm"),
              Person("director", "王建国", "director", "sales")]
    for region in REGIONS:
        people.append(Person(f"mgr-{region.code}", _MANAGER_NAMES[region.code], "manager",
                             "sales", region=region.code, manager="director",
                             manages=(region.code,)))
    for i, name in enumerate(_REP_NAMES):
        region = REGIONS[i // 5].code
        people.append(Person(f"rep{i + 1:02d}", name, "rep", "sales", region=region,
                             manager=f"mgr-{region}"))
    people.append(Person("eng-lead", "赵工", "engineer", "engineering", manager="director"))
    people += [Person(f"eng{i}", name, "engineer", "engineering", manager="eng-lead")
               for i, name in enumerate(("钱进", "孙博", "李航"), start=1)]
    people.append(Person("finance", "孙丽", "finance", "finance", manager="director"))
    # 交付/发货: a supervisor and two people (work orders for shipping and installation).
    people.append(Person("dlv-lead", "马骏", "engineer", "delivery", manager="director"))
    people += [Person(f"dlv{i}", name, "engineer", "delivery", manager="dlv-lead")
               for i, name in enumerate(("高峰", "罗欣"), start=1)]
    people.append(Person("admin", "系统管理员", "admin", "it"))
    return tuple(people)


PEOPLE: tuple[Person, ...] = _people()
DEMO_PASSWORD = "demo"
WEB_FORM_SOURCE = ("web_form", "官网表单")
