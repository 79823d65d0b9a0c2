"""Numbers must belong to what they are written about (spec: number-check.md).

Each case plants a true number of another subject (another metric, another channel
or product segment, another year) in a sentence and expects reason ``mismatch``
with the subject's own fact as the nearest; the same sentence with the right
number passes. Every case runs with ASCII and with full-width punctuation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from paths import EXAMPLES, SAMPLES, STYLES

from assistant.checker import FactIndex, check_draft, check_text
from assistant.draftfile import Draft
from assistant.drafting import DraftContext, draft_report
from assistant.facts import Fact, FactSet, build_facts
from assistant.facts.model import FactSource
from assistant.notes import load_notes
from assistant.notes.schema import Notes
from assistant.offline import OfflineDrafter
from assistant.typography import COMMA, fullwidth, to_ascii_punctuation
from assistant.units import UnitKind

SHOP = EXAMPLES / "shop-2025.toml"
SPECIALIST = EXAMPLES / "specialist-2025.toml"
YEAR = 2025


@pytest.fixture(scope="module")
def shop() -> tuple[FactIndex, Notes]:
    notes = load_notes(SHOP)
    return FactIndex(build_facts(notes), notes), notes


@pytest.fixture(scope="module")
def specialist() -> tuple[FactIndex, Notes]:
    notes = load_notes(SPECIALIST)
    return FactIndex(build_facts(notes), notes), notes


WIDTHS = {"ascii": to_ascii_punctuation, "fullwidth": fullwidth}

# (sentence with a planted number ⟦wrong|right⟧, what the nearest fact must start with)
SWAPS: list[tuple[str, str]] = [
    # another metric
    ("客单价为⟦108|168⟧元。", "客单价 168元"),  # 108元 is the CAC
    ("复购率较去年提升⟦2.6|3.3⟧个百分点。", "复购率较去年变化"),  # 2.6 is the gross margin's
    ("净利润同比增长⟦24.2|12.7⟧%。", "净利润同比"),  # 24.2% is GMV's growth
    ("获客成本(CAC)为⟦168|108⟧元,较去年的89元增长21.3%。", "获客成本(CAC) 108元"),
    ("MAU为⟦18.6|132⟧万人,DAU为18.6万人。", "月均活跃用户数(MAU) 132万人"),
    ("DAU为⟦132|18.6⟧万人。", "日均活跃用户数(DAU) 18.6万人"),
    # the subject carried across commas
    ("GMV达到5860万元,同比增长⟦12.7|24.2⟧%。", "GMV同比"),
    ("全年GMV达到5860万元,较去年增加⟦66|1140⟧万元,完成目标的97.7%。", "GMV较去年变化"),
    ("复购率为31.5%,较去年的28.2%提升⟦2.6|3.3⟧个百分点,会员体系起了作用。", "复购率较去年变化"),
    # several metrics in one sentence
    ("GMV同比增长24.2%、毛利率提升⟦3.3|2.6⟧个百分点、净利润同比增长12.7%。", "毛利率较去年变化"),
    ("毛利润2414万元,毛利率为41.2%,净利润为⟦2414|586⟧万元。", "净利润 586万元"),
    ("客单价为168元,获客成本为⟦168|108⟧元,转化率为3.8%。", "获客成本(CAC) 108元"),
    # a name that is the base of a comparison is not the subject
    ("净利润占GMV的比例为⟦41.2|10⟧%。", "净利润占GMV比例"),
    ("毛利润占GMV的⟦10|41.2⟧%。", "毛利润占GMV比例"),
    ("直通车投入420万元,占总投入的⟦21.4|42.9⟧%。", "直通车投入占总投入比重"),
    # channels and product segments as subjects
    ("超级推荐投入⟦350|210⟧万元,ROI为3.4。", "超级推荐投入"),
    ("直通车投入420万元,带来GMV ⟦1155|1890⟧万元,ROI为4.5。", "直通车带来GMV"),
    ("直通车投入420万元,带来GMV 1890万元,ROI为⟦3.3|4.5⟧。", "直通车ROI"),
    ("抖音信息流的ROI为⟦4.5|3.3⟧,直通车的ROI为4.5。", "抖音信息流ROI"),
    ("企微社群与公众号累计沉淀用户⟦18.6|12.4⟧万人。", "企微社群与公众号沉淀用户"),
    ("利润款:SKU占比50%,订单占比⟦45|40⟧%,利润占比78%。", "利润款订单占比"),
    # another year (or a target, or next year's plan) written as this year's result
    ("GMV达到⟦4720|5860⟧万元,同比增长24.2%。", "GMV 5860万元"),
    ("2025年复购率为⟦28.2|31.5⟧%。", "复购率 31.5%"),
    ("客单价为⟦152|168⟧元,关联销售提升了单次购买价值。", "客单价 168元"),
    ("全年GMV实现⟦7200|5860⟧万元。", "GMV 5860万元"),
    ("新增用户数为⟦90|86.5⟧万人。", "新增用户数 86.5万人"),
    ("GMV为⟦2010|5860⟧万元。", "GMV 5860万元"),  # the fourth quarter's
]


def _plant(template: str, pick: int) -> tuple[str, str]:
    """The sentence with the wrong (0) or right (1) number, and the number's text."""
    head, rest = template.split("\u27e6", 1)
    inner, tail = rest.split("\u27e7", 1)
    number = inner.split("|")[pick]
    return head + number + tail, number


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("template", "nearest"), SWAPS, ids=[s for s, _ in SWAPS])
def test_a_true_number_of_another_subject_is_a_mismatch(
        shop: tuple[FactIndex, Notes], template: str, nearest: str, width: str) -> None:
    index, notes = shop
    wrong, number = _plant(template, 0)
    text = WIDTHS[width](wrong)
    flags = check_text(text, index, year=YEAR, notes=notes)
    hits = [f for f in flags if f.text.startswith(number)]
    assert len(hits) == 1, flags
    assert hits[0].reason == "mismatch", hits[0]
    assert hits[0].nearest is not None and hits[0].nearest.startswith(nearest), hits[0]
    assert [f for f in flags if f is not hits[0]] == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("template", [s for s, _ in SWAPS])
def test_the_same_sentences_with_the_right_numbers_pass(
        shop: tuple[FactIndex, Notes], template: str, width: str) -> None:
    index, notes = shop
    right, _ = _plant(template, 1)
    assert check_text(WIDTHS[width](right), index, year=YEAR, notes=notes) == []


def test_the_widths_of_the_samples_punctuation_really_differ() -> None:
    template = SWAPS[6][0]
    assert COMMA in fullwidth(_plant(template, 0)[0])
    assert COMMA not in to_ascii_punctuation(_plant(template, 0)[0])


@pytest.mark.parametrize(("template", "nearest"), [
    ("2025年度,会员复购率为⟦19.8|26.4⟧%。", "会员复购率 26.4%"),  # last year's
    ("店铺年度总访客数为⟦380|412⟧万人,上半年试错成本较高。", "店铺年度总访客数 412万人"),  # target
    ("店铺年度总访客数为412万人,较去年增长⟦42|29.6⟧%。", "店铺年度总访客数同比"),
])
def test_notes_labels_name_subjects(specialist: tuple[FactIndex, Notes], template: str,
                                    nearest: str) -> None:
    index, notes = specialist
    wrong, number = _plant(template, 0)
    [flag] = check_text(wrong, index, year=YEAR, notes=notes)
    assert flag.text.startswith(number) and flag.reason == "mismatch", flag
    assert flag.nearest is not None and flag.nearest.startswith(nearest)
    assert check_text(_plant(template, 1)[0], index, year=YEAR, notes=notes) == []


def test_the_hint_names_the_subjects_own_fact(shop: tuple[FactIndex, Notes]) -> None:
    """Issue 13: 复购率提升了10% passed on the net margin's 10 %; the hint must lead to 3.3."""
    index, notes = shop
    [flag] = check_text("复购率提升了10%。", index, year=YEAR, notes=notes)
    assert flag.reason == "mismatch"
    assert flag.nearest == "复购率较去年变化 提升3.3个百分点"
    [flag] = check_text("复购率提升了9%。", index, year=YEAR, notes=notes)  # supported by nothing
    assert flag.reason == "unsupported"
    assert flag.nearest == "复购率较去年变化 提升3.3个百分点"


def test_a_sentence_without_a_subject_matches_by_value(shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop
    assert check_text("这一年增长24.2%,成绩来之不易。", index, year=YEAR, notes=notes) == []
    assert check_text("双十一期间两款爆款断货。", index, year=YEAR, notes=notes) == []


def test_a_campaign_named_in_the_notes_is_a_subject(shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop
    assert check_text("双十一期间GMV同比增长32%。", index, year=YEAR, notes=notes) == []
    [flag] = check_text("双十一期间GMV同比增长24.2%。", index, year=YEAR, notes=notes)
    assert flag.reason == "mismatch"


def test_periods_are_allowed_by_their_words(shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop
    ok = ["较去年的4720万元增长24.2%。", "GMV低于6000万元的目标。", "下一年度GMV目标7200万元。",
          "GMV第四季度为2010万元。", "复购率从28.2%提升至31.5%。"]
    for sentence in ok:
        assert check_text("GMV" + sentence if not sentence.startswith(("GMV", "下一", "复购"))
                          else sentence, index, year=YEAR, notes=notes) == [], sentence
    table = ("| 指标 | 2025年 | 2024年 | 目标 |\n| --- | --- | --- | --- |\n"
             "| GMV(万元) | 5860 | 4720 | 6000 |\n| 复购率 | 31.5% | 28.2% | 35% |\n")
    assert check_text(table, index, year=YEAR, notes=notes) == []
    swapped = table.replace("| 5860 | 4720 |", "| 4720 | 5860 |")
    assert [f.reason for f in check_text(swapped, index, year=YEAR, notes=notes)] == ["mismatch"]
    plan = "## 四、下一年度工作计划\n\n- GMV达到7200万元,较本年增长22.9%。\n"
    assert check_text(plan, index, year=YEAR, notes=notes) == []
    assert check_text("- GMV达到7200万元,较本年增长22.9%。", index, year=YEAR,
                      section="下一年度工作计划", notes=notes) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("sentence", [
    "付费推广全年投入980万元,换回成交3759万元,综合ROI 3.84。",  # 成交 is not 投入
    "直通车的ROI最高,为4.5,用42.9%的投入拿到50.3%的渠道成交。",  # N的X: X is the subject
    "引流款:SKU占比20%,贡献了45%的订单量,但利润贡献仅8%。",
    "不花推广费的企微社群与公众号沉淀用户12.4万人。",  # the item is the nearest name
    "以7200万元的GMV目标为牵引,复购率目标35%。",
    "GMV达到5860万元,其中直通车带来1890万元。",
])
def test_subjects_are_not_guessed_past_words_the_checker_cannot_name(
        shop: tuple[FactIndex, Notes], sentence: str, width: str) -> None:
    index, notes = shop
    assert check_text(WIDTHS[width](sentence), index, year=YEAR, notes=notes) == []


def test_a_subject_carried_across_a_comma_still_catches_a_swap(
        shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop
    [flag] = check_text("直通车的ROI最高,为3.3。", index, year=YEAR, notes=notes)
    assert (flag.text, flag.reason, flag.nearest) == ("3.3", "mismatch", "直通车ROI 4.5")
    [flag] = check_text("获客成本为108元,较去年的89元增长24.2%。", index, year=YEAR, notes=notes)
    assert flag.reason == "mismatch" and flag.nearest == "获客成本(CAC)同比 增长21.3%"


# -- 翻了一番 / 一倍 / N倍 ---------------------------------------------------------

def _fact(fid: str, value: float, unit: str, kind: UnitKind, label: str,
          source: FactSource = "derived", origin: str = "") -> Fact:
    text = f"{value:g}{unit}"
    return Fact(fid, label, value, unit, kind, text, text, source, origin)


def test_doubling_needs_a_change_of_a_hundred_percent_not_a_count_of_two(
        shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop  # the notes say 两款爆款断货: a count of 2, no doubling anywhere
    for sentence in ("私域用户翻了一番。", "GMV翻了一番。", "私域用户增长了一倍。", "会员数量翻了一番。"):
        flags = check_text(sentence, index, year=YEAR, notes=notes)
        assert [f.reason for f in flags] in (["unsupported"], ["mismatch"]), sentence
    two = FactSet([_fact("text.n.1", 2, "款", UnitKind.COUNT, "两款爆款断货", "text", "n")])
    assert [f.text for f in check_text("会员数翻了一番", two, year=YEAR)] == ["翻了一番"]
    assert [f.text for f in check_text("会员数是去年的2倍", two, year=YEAR)] == ["2倍"]


def test_doubling_and_multiples_match_growth_and_ratio_facts() -> None:
    fs = FactSet([
        _fact("dau", 36, "万人", UnitKind.COUNT, "日活", "stated", "metrics.dau.value"),
        _fact("dau.yoy", 100.0, "%", UnitKind.SHARE, "日活同比"),
        _fact("channel1.roi", 4.5, "", UnitKind.RATIO, "直通车ROI"),
        _fact("channel1.spend", 420, "万元", UnitKind.MONEY, "直通车投入", "stated"),
    ])
    for sentence in ("日活翻了一番", "日活增长了一倍", "日活是去年的2倍", "直通车ROI达到4.5倍"):
        assert check_text(sentence, fs, year=YEAR) == [], sentence
    assert [f.text for f in check_text("日活翻了两番", fs, year=YEAR)] == ["翻了两番"]
    [flag] = check_text("直通车投入420万元,ROI达到3倍", fs, year=YEAR)
    assert flag.text == "3倍"


# -- every offline draft of every sample, in both widths -------------------------

def _offline(notes: Path, style: str, out: Path) -> tuple[str, DraftContext]:
    ctx = DraftContext.from_notes_file(notes, style)
    draft, _ = draft_report(ctx, OfflineDrafter(), out)
    return draft.to_text(), ctx


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("notes", SAMPLES + sorted(set(EXAMPLES.glob("*.toml")) - set(SAMPLES)),
                         ids=lambda p: p.stem)
def test_offline_drafts_are_clean_in_both_widths(notes: Path, style: str,
                                                 tmp_path: Path) -> None:
    text, ctx = _offline(notes, style, tmp_path / "d.md")
    year = ctx.notes.report.year
    index = FactIndex(ctx.facts, ctx.notes)
    for variant in (text, fullwidth(text), to_ascii_punctuation(text)):
        report = check_draft(Draft.parse(variant), index, year=year)
        assert report.flags == [], [(f.text, f.reason, f.nearest) for f in report.flags]
        assert report.numbers_checked >= 10
    # Without the notes (campaign and project names unknown) nothing is flagged either.
    assert check_draft(Draft.parse(text), ctx.facts, year=year).flags == []


def test_checking_is_the_same_in_both_widths(shop: tuple[FactIndex, Notes]) -> None:
    index, notes = shop
    text = ("GMV达到5860万元,同比增长12.7%;净利润(同比)增长24.2%:复购率提升2.6个百分点。"
            "直通车投入350万元,ROI为XX。")
    ascii_flags = check_text(to_ascii_punctuation(text), index, year=YEAR, notes=notes)
    full_flags = check_text(fullwidth(text), index, year=YEAR, notes=notes)
    assert [(f.text, f.start, f.end, f.reason, f.nearest) for f in ascii_flags] == [
        (f.text, f.start, f.end, f.reason, f.nearest) for f in full_flags]
    assert [f.reason for f in full_flags] == ["mismatch"] * 4 + ["placeholder"]
