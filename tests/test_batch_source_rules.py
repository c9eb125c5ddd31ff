"""The source-aware rules (MT601-MT608), which run only when a source segment is given.

The case files in tests/cases/ are checked without a source, so these cases live here:
(target, source, the findings expected as (rule, text) pairs).
"""

from __future__ import annotations

import pytest

from mtclean import Config, GlossaryEntry, check_text, fix_text
from mtclean.rules import all_rules
from mtclean.rules.source import RULES, chinese_numeral, source_numbers, target_numbers

SOURCE_RULES = frozenset({"MT6"})

CASES = [
    # MT601: Chinese copied from the source (MT101 reports the same span otherwise).
    ("Sales of 新能源汽车 rose sharply.", "新能源汽车销量大增",
     [("MT601", "新能源汽车")]),
    ("Lei Jun (雷军) spoke first.", "雷军首先发言", []),  # a name given in both on purpose
    ("Sales of 电动车 rose.", "新能源汽车销量大增", []),  # Chinese, but not the source's
    # MT602: the target is the source.
    ("欢迎光临", "欢迎光临", [("MT602", "欢迎光临")]),
    ("  欢迎  光临 ", "欢迎 光临", [("MT602", "欢迎  光临")]),
    ("iPhone 15", "iPhone 15", []),  # nothing to translate
    # MT603: not English.
    ("今天天气很好，适合出门吧。", "今天天气很好，适合出门。",
     [("MT603", "今天天气很好，适合出门吧。")]),
    ("Le temps est magnifique aujourd'hui, sortons demain matin", "今天天气很好，明天早上出去",
     [("MT603", "Le temps est magnifique aujourd'hui, sortons demain matin")]),
    ("The weather is fine today, so we go out.", "今天天气很好，适合出门。", []),
    ("Xiaomi SU7 Ultra", "小米SU7 Ultra", []),  # names only: too short to judge
    # MT606: numbers.
    ("Sales reached a new high.", "销量达到3.5万辆", [("MT606", "Sales reached a new high.")]),
    ("Sales reached 35,000 vehicles on May 20, 2023.", "2023年5月20日，销量达到3.5万辆", []),
    ("Sales reached 35 thousand.", "销量达到3.5万辆", []),
    ("Revenue was 248 million yuan, up 12 percent.", "营收2.48亿元，同比增长12%", []),
    ("Revenue was 1.2 trillion yuan.", "营收1.2万亿元", []),
    ("More than three hundred people came at 3 p.m.", "下午15点，三百多人到场", []),
    ("Twenty-five people came.", "二十五人到场", []),
    ("The National Day holiday starts.", "十一黄金周开始", []),  # 十一 is a date, not 11
    ("He turned thirty and stood firm.", "三十而立", []),
    ("A person came.", "1个人来了", []),
    ("Profit fell.", "利润下降了12%", [("MT606", "Profit fell.")]),
    ("It rose by 12 in 2022.", "2023年增长了12", [("MT606", "It rose by 12 in 2022.")]),
    # MT607: far longer or shorter than the source allows.
    ("The video is a great way to learn about the history of the country, the history "
     "of the people who lived in the country and the history of the culture they made.",
     "配上经典粤语歌的短视频", [("MT607", "The video is a great way to learn about the "
                       "history of the country, the history of the people who lived in the "
                       "country and the history of the culture they made.")]),
    ("The new line opens.", "连接城东和城西新区的地铁线路将于今年年底正式开通运营并对外开放",
     [("MT607", "The new line opens.")]),
    ("Metro Line 5, linking the two new districts in the east and west of the city, will "
     "open at the end of December.", "连接城东和城西两个新区的地铁五号线将于今年十二月底正式开通运营", []),
    ("Double Eleven, the biggest online shopping festival of the year, starts at midnight.",
     "双十一零点开始", []),  # a short source may take many English words
    ("He ruined the effect by adding something superfluous, as usual.", "他又画蛇添足了", []),
    # MT608: placeholders and tags.
    ("Deleted % d files", "已删除 %d 个文件", [("MT608", "Deleted % d files")]),
    ("Deleted ％d files", "已删除 %d 个文件", [("MT608", "Deleted ％d files")]),
    ("Deleted %d files", "已删除 %d 个文件", []),
    ("You have {count} new messages", "你有 {数量} 条新消息",
     [("MT608", "You have {count} new messages")]),
    ("Hello {name}, {0} new", "你好 {name}，{0} 条新", []),
    ("Welcome, %(user)s! Total: ${total}", "欢迎，%(user)s！合计：${total}", []),
    ("Click here to continue", "点击<b>这里</b>继续", [("MT608", "Click here to continue")]),
    ('See <a href="/help" title="Help">help</a>', '见<a href="/help" title="帮助">帮助</a>', []),
    ("Sales rose 50% since May", "销量自5月以来增长50%", []),  # a percent sign, not "% s"
    ("50% off today only", "今天50%off", []),
]


@pytest.mark.parametrize("target, source, expected", CASES)
def test_case(target, source, expected):
    config = Config(select=SOURCE_RULES)
    found = [(f.rule, f.text) for f in check_text(target, config, source=source)]
    assert found == expected


def test_rules_run_only_with_a_source():
    config = Config(select=SOURCE_RULES)
    assert check_text("欢迎光临", config) == []
    assert all(rule.needs_source for rule in RULES)
    registered = {rule.code for rule in all_rules()}
    assert {rule.code for rule in RULES} <= registered


def test_every_rule_shows_a_wrong_and_a_right_example():
    for rule in RULES:
        wrong, right = rule.examples()
        assert wrong and right, rule.code
        assert rule.kind in ("stray-cjk", "untranslated", "calque", "entity", "terminology")


def test_placeholder_message_names_what_is_missing_and_what_came_instead():
    finding, = check_text("Hello {name}, you have {count} messages",
                          Config(select=SOURCE_RULES), source="你好 {name}，你有 {数量} 条消息")
    assert finding.message == ("placeholders of the source missing from the target: {数量}; "
                               "the target has instead: {count}")


def test_numbers_message_lists_what_is_missing():
    finding, = check_text("Sales rose in May.", Config(select=SOURCE_RULES),
                          source="2023年5月销量达到3.5万辆")
    assert finding.rule == "MT606"
    assert "2023年" in finding.message and "3.5万" in finding.message
    assert "5月" not in finding.message


def test_number_reading():
    assert chinese_numeral("三百五十") == 350
    assert chinese_numeral("两千万") == 20_000_000
    assert chinese_numeral("三亿五千万") == 350_000_000
    assert chinese_numeral("一百零五") == 105
    assert chinese_numeral("十二") == 12
    assert {float(v) for v in target_numbers("1.5 million and twenty-one")} >= {1_500_000, 21}
    written, values, _ = source_numbers("营收2.48亿元")[0]
    assert written == "2.48亿" and 248_000_000 in values


# -- MT604, the lexicon seen through the source -------------------------------------------

ENTRIES = (
    {"match": ["rice noodle", "rice noodles"], "zh": "米粉", "gloss": ["Mi Fan"],
     "forms": {"rice noodles": ["Mi Fans"]}, "kind": "calque", "safe": True,
     "context": {"near": ["Xiaomi", "小米"]}},
    {"match": ["Weilai"], "zh": "蔚来", "gloss": ["NIO"], "kind": "entity"},
)


@pytest.mark.parametrize("target, source, expected, fixed", [
    ("Millions of rice noodles queued for the phone.", "数百万米粉排队买小米手机",
     [("MT604", "rice noodles", True)], "Millions of Mi Fans queued for the phone."),
    ("Millions of rice noodles queued for the Xiaomi phone.", "数百万米粉排队",
     [("MT604", "rice noodles", True)], "Millions of Mi Fans queued for the Xiaomi phone."),
    # 米粉 in the source, but nothing says Xiaomi: the noodles, perhaps.
    ("The rice noodles here are great.", "这里的米粉很好吃", [], None),
    # The rendering without its Chinese in the source: not this rule's to say.
    ("Millions of rice noodles queued.", "数百万人排队买小米手机", [], None),
    ("Weilai released a new car.", "蔚来发布新车", [("MT604", "Weilai", True)],
     "NIO released a new car."),
])
def test_source_calque(target, source, expected, fixed):
    config = Config(select=frozenset({"MT604"}), extra_entries=ENTRIES)
    findings = check_text(target, config, source=source)
    assert [(f.rule, f.text, f.safe) for f in findings] == expected
    if fixed is not None:
        result = fix_text(target, config, source=source)
        assert result.text == fixed
        assert fix_text(result.text, config, source=source).text == fixed


def test_source_calque_kind_follows_the_entry():
    config = Config(select=frozenset({"MT604"}), extra_entries=ENTRIES)
    finding, = check_text("Weilai released a new car.", config, source="蔚来发布新车")
    assert finding.kind == "entity"


# -- MT605, the user's glossary --------------------------------------------------------------

GLOSSARY = (GlossaryEntry("米粉", "Mi Fan"), GlossaryEntry("小爱同学", "Xiao AI"))


@pytest.mark.parametrize("target, source, missing", [
    ("Rice noodle lovers queued.", "米粉们排队", ["米粉"]),
    ("Mi Fans queued.", "米粉们排队", []),
    ("The Mi Fan's choice.", "米粉的选择", []),
    ("Mi Fans asked the assistant.", "米粉问小爱同学", ["小爱同学"]),
    ("Nothing from the glossary here.", "今天很好", []),
])
def test_glossary_term_missing(target, source, missing):
    config = Config(select=frozenset({"MT605"}), glossary=GLOSSARY)
    findings = check_text(target, config, source=source)
    assert [f.rule for f in findings] == (["MT605"] if missing else [])
    for zh in missing:
        assert zh in findings[0].message
