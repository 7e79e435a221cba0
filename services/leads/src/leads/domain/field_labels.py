"""What people call a lead's fields and an import's columns (zh-CN): the import's error
report names bad cells by these, a returning customer's touch the fields it filled
(gap_fill.py). Pure."""

FIELD_ZH = {"name": "姓名", "company": "公司", "phone": "手机", "email": "邮箱",
            "province": "省份", "industry": "行业", "message": "备注", "wechat_id": "微信",
            "title": "职务",
            "company_scale": "公司规模", "budget_yuan": "预算", "urgency": "紧急程度",
            "pain_point": "痛点", "tags": "标签", "source": "来源",
            "idempotency_key": "行"}
