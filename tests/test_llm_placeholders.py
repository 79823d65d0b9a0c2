"""Citations {{fact.id}} become the facts' own wording; nothing else slips through."""

from __future__ import annotations

from functools import cache

import pytest
from paths import SAMPLES

from assistant.facts import FactSet, build_facts
from assistant.llm.placeholders import UNKNOWN_MARKER, clean_reply, fill, separate_adjacent
from assistant.notes import load_notes


@cache
def shop_facts() -> FactSet:
    return build_facts(load_notes(SAMPLES[0]))


def test_citations_are_replaced_by_the_fact_phrase() -> None:
    out = fill("全年GMV达到{{gmv}},同比{{gmv.yoy}};库存周转天数较去年{{inventory_turnover_days.diff}}。",
               shop_facts())
    assert out.text == "全年GMV达到5860万元,同比增长24.2%;库存周转天数较去年缩短7天。"
    assert not out.issues
    assert [s.fact.id for s in out.spans] == ["gmv", "gmv.yoy", "inventory_turnover_days.diff"]


def test_doubled_direction_words_and_units_are_not_repeated() -> None:
    out = fill("GMV同比增长{{gmv.yoy}},达到{{gmv}}万元,毛利率提升{{gross_margin.diff}}。",
               shop_facts())
    assert out.text == "GMV同比增长24.2%,达到5860万元,毛利率提升2.6个百分点。"
    assert not out.issues


def test_direction_contradicting_the_fact_is_dropped_and_reported() -> None:
    out = fill("获客成本同比下降{{cac.yoy}}。", shop_facts())
    assert out.text == "获客成本同比增长21.3%。"  # the fact decides the direction
    assert [i.kind for i in out.issues] == ["direction"]


@pytest.mark.parametrize("written", ["{{gmv.yoyy}}", "{{毛利}}", "{gmv.growth}", "{{ made_up }}",
                                     "{{gmv.yoyy", "｛｛nope｝｝", "{{}}"])
def test_unknown_ids_never_leak_as_braces(written: str) -> None:
    out = fill(f"GMV同比{written}。", shop_facts())
    assert "{" not in out.text and "}" not in out.text
    assert UNKNOWN_MARKER in out.text
    assert [i.kind for i in out.issues] == ["unknown"]


def test_sloppy_but_unambiguous_ids_resolve() -> None:
    out = fill("GMV同比{{ GMV.YoY }},复购率{{repurchase_rate_diff}},{gmv}。毛利率{{gross_margin。"
               "GMV{{gmv}", shop_facts())
    assert out.text == "GMV同比增长24.2%,复购率提升3.3个百分点,5860万元。毛利率41.2%。GMV5860万元"
    assert not [i for i in out.issues if i.kind == "unknown"]


def test_values_run_together_without_labels_are_caught_and_can_be_separated() -> None:
    out = fill("GMV为{{gmv}}、{{gmv.target}},完成率{{gmv.completion}}。", shop_facts())
    assert [i.kind for i in out.issues] == ["adjacent"]
    fixed = separate_adjacent(out)
    assert fixed.text == "GMV为5860万元、GMV目标6000万元,完成率97.7%。"
    assert not fixed.issues


def test_values_with_labels_between_them_are_fine() -> None:
    out = fill("GMV为{{gmv}},较去年{{gmv.diff}},同比{{gmv.yoy}}。", shop_facts())
    assert not out.issues


def test_table_cells_are_labelled_by_their_column_headers() -> None:
    out = fill("| 指标 | 本年 | 目标 |\n| --- | --- | --- |\n| GMV | {{gmv}} | {{gmv.target}} |",
               shop_facts())
    assert not out.issues
    assert out.text.endswith("| GMV | 5860万元 | 6000万元 |")


def test_clean_reply_strips_title_anchor_fences_and_thinking() -> None:
    reply = ("<think>先想想</think>```markdown\n## 一、年度核心业绩指标回顾与分析\n"
             "<!-- section: kpi -->\n## 整体销售业绩\n正文\n```")
    body = clean_reply(reply, title="一、年度核心业绩指标回顾与分析", level=2)
    assert body == "### 整体销售业绩\n正文"
