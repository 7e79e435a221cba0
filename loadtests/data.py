"""Realistic generated intake data: mainland mobiles, zh-CN names, real provinces."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "军", "洋", "勇", "艳", "杰", "涛", "明", "超"]
# Provinces of the four staffed regions: a lead from elsewhere lands in the default region,
# which the demo company staffs with nobody, so it would never reach an inbox.
PROVINCES = ["江苏", "浙江", "上海", "安徽", "广东", "福建", "广西", "北京", "天津", "河北",
             "山东", "四川", "重庆", "云南", "贵州"]
INDUSTRIES = ["汽车零部件", "工程机械", "电力设备", "化工", "食品机械", "光伏", "锂电"]
COMPANY_WORDS = ["精工", "重工", "机电", "智能装备", "液压", "自动化", "新材料"]
PREFIXES = ["138", "139", "150", "151", "186", "187", "177", "199"]


def fake_web_form(seed: str) -> dict[str, str]:
    rng = random.Random(seed)
    province = rng.choice(PROVINCES)
    return {
        "name": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
        "company": f"{province}{rng.choice(COMPANY_WORDS)}{rng.randint(1, 999)}有限公司",
        "phone": rng.choice(PREFIXES) + f"{rng.randint(0, 99_999_999):08d}",
        "email": f"buyer{rng.randint(1, 10**9)}@example.cn",
        "province": province,
        "industry": rng.choice(INDUSTRIES),
        "message": "想了解贵司设备的报价和交期。",
    }
