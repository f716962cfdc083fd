"""The default grading model, checklist, questionnaire and grade thresholds.

Seeded by migration 0002 and reproducing the guidance in the domain notes:
high — major decisions, key appointments, major projects, large funds
(decision, approval and discretionary power); medium — personnel, financial
approval, procurement, fund audit, enforcement, licensing; low — coordination
posts loosely tied to people, money and goods. The texts are Chinese because
they are data the users read, like the risk categories.

Axis scores are sums of factor scores. Likelihood: 0–2 low, 3–5 medium, 6+
high; harm: 0–2 low, 3–5 medium, 6+ high. The "三重一大" answer alone puts harm
in the high band, so major matters grade level 1 unless their likelihood is low.
"""

MODEL_NAME = "默认三级评定模型"

# (axis, code, name, guidance, [(code, label, score), ...])
FACTORS = [
    (
        "likelihood",
        "discretion",
        "自由裁量空间",
        "行使权力时可选择的余地大小",
        [
            ("none", "无裁量，按规定办理", 0),
            ("some", "有一定裁量空间", 1),
            ("large", "裁量空间大或决定权", 2),
        ],
    ),
    (
        "likelihood",
        "concentration",
        "权力集中程度",
        "是否由一人说了算",
        [("collective", "集体决策或多岗制衡", 0), ("few", "少数人决定", 1), ("one", "一人决定", 2)],
    ),
    (
        "likelihood",
        "frequency",
        "行使频次",
        "该权力在一年中行使的频繁程度",
        [
            ("rare", "偶尔（每年数次）", 0),
            ("regular", "经常（每月）", 1),
            ("daily", "日常（每周及以上）", 2),
        ],
    ),
    (
        "likelihood",
        "complaints",
        "既往投诉和预警",
        "近三年该岗位的信访举报、预警和问题线索",
        [("none", "无", 0), ("once", "有一次", 1), ("repeated", "多次或已查实", 2)],
    ),
    (
        "harm",
        "money",
        "涉及资金",
        "单笔或年度涉及的资金规模",
        [
            ("small", "10万元以下或不涉及", 0),
            ("medium", "10万至100万元", 1),
            ("large", "100万元以上", 2),
        ],
    ),
    (
        "harm",
        "major_matter",
        "“三重一大”事项",
        "重大决策、重要干部任免、重大项目安排、大额资金使用",
        [("no", "不涉及", 0), ("partly", "参与或提出意见", 1), ("yes", "直接决定", 4)],
    ),
    (
        "harm",
        "rights",
        "对群众权益的影响",
        "对管理和服务对象合法权益的影响",
        [
            ("none", "基本无影响", 0),
            ("limited", "影响个别当事人", 1),
            ("wide", "影响面广或影响重大", 2),
        ],
    ),
    (
        "harm",
        "exposure",
        "社会关注度",
        "出问题后的社会影响",
        [
            ("internal", "限于单位内部", 0),
            ("users", "涉及服务对象", 1),
            ("public", "社会高度关注", 2),
        ],
    ),
]

BANDS = {"likelihood": {1: 0, 2: 3, 3: 6}, "harm": {1: 0, 2: 3, 3: 6}}

# (likelihood band, harm band) → level; bands 1 low, 2 medium, 3 high.
MATRIX = {
    (1, 1): 3,
    (1, 2): 3,
    (1, 3): 2,
    (2, 1): 3,
    (2, 2): 2,
    (2, 3): 1,
    (3, 1): 2,
    (3, 2): 1,
    (3, 3): 1,
}

# Answers (factor code → option code) typical of each level, used by the demo data.
PROFILES = {
    1: {
        "discretion": "large",
        "concentration": "few",
        "frequency": "rare",
        "complaints": "none",
        "money": "large",
        "major_matter": "yes",
        "rights": "wide",
        "exposure": "public",
    },
    2: {
        "discretion": "some",
        "concentration": "few",
        "frequency": "regular",
        "complaints": "none",
        "money": "medium",
        "major_matter": "no",
        "rights": "limited",
        "exposure": "users",
    },
    3: {
        "discretion": "none",
        "concentration": "collective",
        "frequency": "regular",
        "complaints": "none",
        "money": "small",
        "major_matter": "no",
        "rights": "none",
        "exposure": "internal",
    },
}

CHECKLIST = [
    ("风险点查找准确全面", "岗位、科室、单位三级风险点是否覆盖全部权力事项，表现形式是否具体", 20),
    ("风险等级评定合理", "等级是否依据量化因素评定，调整是否说明理由", 15),
    ("防控措施具体有效", "措施与风险点一一对应，三道防线是否落实", 25),
    ("制度执行和监督到位", "分级监控责任是否落实，监督检查是否开展", 20),
    ("资料台账完整规范", "台账、签字、公示、备案等资料是否齐全", 10),
    ("问题整改及时", "以往检查和预警发现的问题是否按期整改销号", 10),
]

QUESTIONS = [
    "领导班子落实党风廉政建设责任制情况",
    "廉政风险防控工作开展情况",
    "权力运行公开透明情况",
    "干部职工廉洁自律情况",
    "服务态度和办事效率",
]

THRESHOLDS = {"excellent": 90, "good": 80, "qualified": 60, "unqualified": 0}

# 一票否决: items that make a unit's appraisal unqualified whatever its score (rows an
# admin edits; the migration seeds these).
VETO_RULES = [
    (
        "发生严重违纪违法案件",
        "单位领导班子成员或干部职工发生严重违纪违法案件，受到党纪政务处分或被追究刑事责任",
    ),
    (
        "发生重大廉政风险事件造成恶劣影响",
        "因廉政风险防控不力，发生重大廉政风险事件，造成恶劣社会影响或重大经济损失",
    ),
    ("拒不整改", "对检查、考核或预警中发现的问题拒不整改，或整改敷衍、弄虚作假"),
    ("弄虚作假", "在风险点查找、自查报告或考核材料中弄虚作假、隐瞒问题"),
    (
        "违反中央八项规定精神造成不良影响",
        "发生违反中央八项规定精神问题，被上级通报或造成不良影响",
    ),
]
