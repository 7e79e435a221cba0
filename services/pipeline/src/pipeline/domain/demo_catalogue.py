"""The demo company's catalogue: conveyor lines, palletising robots and packaging lines,
their options and add-ons, and service packages (prices in fen). Pure data, seeded
idempotently in demo mode (`adapters/catalogue_repo.seed_demo`)."""

from __future__ import annotations

from pipeline.domain.catalogue import ADDON, OPTION, PRODUCT, SERVICE, Product

_WAN = 1_000_000  # fen in 1 万元

CONVEYOR, PALLETISER, PACKER, AGV = "CONV-100", "PAL-R200", "PACK-L300", "AGV-500"
MAIN = (CONVEYOR, PALLETISER, PACKER, AGV)

DEMO_CATALOGUE: tuple[Product, ...] = (
    Product(CONVEYOR, PRODUCT, "智能输送线 100 型", 38 * _WAN, "套"),
    Product(PALLETISER, PRODUCT, "码垛机器人 R200", 56 * _WAN, "台"),
    Product(PACKER, PRODUCT, "全自动包装线 L300", 92 * _WAN, "套"),
    Product(AGV, PRODUCT, "AGV 搬运机器人 500kg", 18 * _WAN, "台"),
    Product("OPT-MON", OPTION, "监控模块", 3 * _WAN + 500_000, "套", MAIN),
    Product("OPT-VIS", OPTION, "视觉识别系统", 8 * _WAN, "套", (PALLETISER, PACKER)),
    Product("OPT-GRP", OPTION, "双工位夹具", 4 * _WAN + 200_000, "套", (PALLETISER,)),
    Product("OPT-SPD", OPTION, "变频调速组件", 1 * _WAN + 600_000, "套", (CONVEYOR,)),
    Product("ADD-SAFE", ADDON, "安全光栅围栏", 2 * _WAN + 800_000, "套", (PALLETISER, PACKER)),
    Product("ADD-WRAP", ADDON, "缠绕包装机", 9 * _WAN + 500_000, "台", (PALLETISER, PACKER)),
    Product("ADD-CHG", ADDON, "自动充电桩", 1 * _WAN + 200_000, "台", (AGV,)),
    Product("SVC-RMT", SERVICE, "远程运维服务包（一年）", 2 * _WAN + 400_000, "年"),
    Product("SVC-WAR", SERVICE, "延保服务（两年）", 4 * _WAN + 500_000, "份"),
    Product("SVC-TRN", SERVICE, "操作培训服务", 800_000, "次"),
    Product("SVC-INS", SERVICE, "安装调试服务", 2 * _WAN, "次"),
)
