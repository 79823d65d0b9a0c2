"""The analysis layer: judgements, consistency checks and the report plan, from hand-computed facts."""

from __future__ import annotations

import json

import pytest
from paths import EXAMPLES
from typer.testing import CliRunner

from assistant.analysis import ReportPlan, build_plan
from assistant.cli import app
from assistant.facts import FactSet, build_facts
from assistant.notes import load_notes, parse_notes_text
from assistant.typography import ascii_marks_touching_chinese


def plan_of(name: str, style: str | None = None) -> tuple[ReportPlan, FactSet]:
    notes = load_notes(EXAMPLES / name)
    facts = build_facts(notes)
    return build_plan(notes, facts, style), facts


@pytest.fixture(scope="module")
def shop() -> tuple[ReportPlan, FactSet]:
    return plan_of("shop-2025.toml", "data")


def test_prior_year_margins_and_cost_band_are_facts(shop: tuple[ReportPlan, FactSet]) -> None:
    _, facts = shop
    # net margin: 520 / 4720 = 11.02 % last year, 586 / 5860 = 10.0 % this year
    assert facts["net_profit.of_gmv.last_year"].value == pytest.approx(11.017, abs=1e-3)
    assert facts["net_profit.of_gmv"].value == pytest.approx(10.0, abs=1e-9)
    assert facts["net_profit.of_gmv.diff"].phrase == "下降1个百分点"
    # costs between gross and net profit: 38.6 - 11.02 = 27.6 -> 41.2 - 10.0 = 31.2
    assert facts["margin.cost_share.last_year"].text == "27.6%"
    assert facts["margin.cost_share"].text == "31.2%"
    assert facts["margin.cost_share.diff"].phrase == "提升3.6个百分点"
    # CAC against AOV: 89 / 152 = 58.6 % -> 108 / 168 = 64.3 %
    assert facts["cac.of_aov.last_year"].text == "58.6%"
    assert facts["cac.of_aov"].text == "64.3%"
    # paid spend excludes the private channel: 420 + 210 + 350
    assert facts["channels.paid_spend"].text == "980万元"


def test_shop_thesis_is_growth_without_profit(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    growth = plan.judgement("growth-quality")
    assert growth is not None and growth.gist == "增收不增利"
    assert plan.thesis_id == "growth-quality"
    assert "增收不增利" in plan.thesis
    assert "增长24.2%" in growth.claim and "从11%降至10%" in growth.claim
    assert "从27.6%升至31.2%" in growth.claim
    assert set(growth.evidence) >= {"gmv.yoy", "net_profit.of_gmv.last_year", "net_profit.of_gmv"}
    # it is argued first, in the first section
    assert plan.judgements[0].id == "growth-quality"
    assert growth.sections[0] == "kpi"


def test_shop_targets_ranked_by_size_of_the_miss(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    targets = plan.judgement("targets")
    assert targets is not None and targets.tone == "bad"
    # completions: conversion 3.8/4.5 = 84.4 %, new users 86.5/90 = 96.1 %, GMV 5860/6000 = 97.7 %
    claim = targets.claim
    assert claim.index("84.4%") < claim.index("96.1%") < claim.index("97.7%")


def test_shop_cost_channels_and_seasonality(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    cost = plan.judgement("cost-value")
    assert cost is not None and "增长21.3%" in cost.claim and "增长10.5%" in cost.claim
    channels = plan.judgement("channels")
    # ROI 1890/420 = 4.5 best, 1155/350 = 3.3 worst; spend share 350/980 = 35.7 %, GMV 1155/3759 = 30.7 %
    assert channels is not None
    assert "直通车的ROI最高，为4.5" in channels.claim and "抖音信息流最低，为3.3" in channels.claim
    assert "35.7%" in channels.claim and "30.7%" in channels.claim
    season = plan.judgement("seasonality")
    # Q4 2010 / 5860 = 34.3 %; Q3 1450/1380 = +5.1 %, Q4 2010/1450 = +38.6 %
    assert season is not None and "第四季度GMV最高，占全年的34.3%" in season.claim
    assert "增长5.1%" in season.claim and "增长38.6%" in season.claim


def test_private_channel_is_not_paid_spend(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    private = [j for j in plan.all_judgements() if j.subject == "企微社群与公众号"]
    assert private and "不占推广预算" in private[0].claim
    channels = plan.judgement("channels")
    assert channels is not None and "企微" not in channels.claim


def test_problems_linked_to_evidence_and_plan(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    pairs = {p.problem.text: p for p in plan.problem_plan}
    cac = pairs["获客成本高企，过度依赖付费推广"]
    assert "cac.yoy" in cac.evidence
    assert any("公域" in p.text for p in cac.plans)
    content = pairs["内容生产未标准化，爆款打造偶然性强"]
    assert not content.answered
    unanswered = plan.of_kind("unanswered")
    assert [j.subject for j in unanswered] == ["内容生产未标准化，爆款打造偶然性强"]


def test_tension_between_campaign_and_stockout(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    tension = plan.of_kind("tension")
    assert tension and "售罄" in tension[0].claim and "断货" in tension[0].claim
    assert tension[0].causes[0].origin == "metrics.stockout_rate.note"


def test_shop_consistency_warnings(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, facts = shop
    ids = {w.id for w in plan.warnings}
    assert ids == {"cac-vs-spend", "buyers-vs-new-users", "note-gmv"}
    # 108 元 × 86.5 万人 = 9,342 万元, 9.5 times the 980 万元 of paid spend
    assert facts["check.cac_cost"].text == "9342万元"
    cac = next(w for w in plan.warnings if w.id == "cac-vs-spend")
    assert "9342万元" in cac.message and "980万元" in cac.message and "9.5倍" in cac.message
    note = next(w for w in plan.warnings if w.id == "note-gmv")
    assert "放缓" in note.message and "增长38.6%" in note.message


def test_consistency_gross_margin_and_quarters() -> None:
    notes = parse_notes_text("""
[report]
title = "t"
year = 2025
[metrics.gmv]
value = 1000
quarterly = [200, 200, 200, 300]
[metrics.gross_profit]
value = 300
[metrics.gross_margin]
value = 42
""")
    plan = build_plan(notes, build_facts(notes), "data")
    ids = {w.id for w in plan.warnings}
    assert "gross-margin" in ids  # 300 / 1000 = 30 % against a stated 42 %
    assert "quarters-gmv" in ids  # 900 against 1000


def test_specialist_targets_and_project_tension() -> None:
    plan, _ = plan_of("specialist-2025.toml", "project")
    assert plan.voice == "我"
    targets = plan.judgement("targets")
    # visitors 412/380 = 108.4 %, repurchase 26.4/25 = 105.6 %, ROI 3.1/3.5 = 88.6 %
    assert targets is not None and targets.tone == "mixed"
    assert "108.4%" in targets.claim and "88.6%" in targets.claim
    roi_project = next(j for j in plan.of_kind("project") if j.subject == "付费流量渠道结构优化")
    assert roi_project.tone == "mixed" and "3.6" in roi_project.claim and "3.1" in roi_project.claim
    assert roi_project.sections == [roi_project.id]
    assert plan.warnings == []


def test_claims_are_chinese_sentences_with_fullwidth_marks() -> None:
    for name in ("shop-2025.toml", "specialist-2025.toml"):
        for style in ("data", "narrative", "project"):
            plan, _ = plan_of(name, style)
            texts = [plan.thesis, *[j.claim for j in plan.all_judgements()],
                     *[w.message + w.hint for w in plan.warnings]]
            for text in texts:
                assert text.endswith("。"), text
                assert ascii_marks_touching_chinese(text) == [], text


def test_style_fit_names_the_style_that_fits() -> None:
    plan, _ = plan_of("shop-2025.toml", "project")
    assert plan.style_fit is not None and plan.style_fit.better == "data"
    plan, _ = plan_of("specialist-2025.toml", "project")
    assert plan.style_fit is None


def test_each_number_has_one_owner_section(shop: tuple[ReportPlan, FactSet]) -> None:
    plan, _ = shop
    assert plan.owner("gmv.yoy") == "kpi"
    assert plan.owner("cac.yoy") == "operations"
    assert plan.owns("kpi", "gmv.yoy") and not plan.owns("summary", "gmv.yoy")


def test_recap_plan_json_shape() -> None:
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "shop-2025.toml"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data["thesis"], str) and "增收不增利" in data["thesis"]
    assert 3 <= len(data["judgements"]) <= 5
    for j in data["judgements"]:
        assert set(j) == {"id", "claim", "evidence", "sections", "weight"}
        assert isinstance(j["weight"], float) and all(isinstance(e, str) for e in j["evidence"])
    assert any(p["plans"] == [] for p in data["problem_plan"])


def test_recap_plan_text_shows_warnings_before_drafting() -> None:
    result = CliRunner().invoke(app, ["plan", str(EXAMPLES / "shop-2025.toml")])
    assert result.exit_code == 0, result.output
    assert "增收不增利" in result.stdout and "起草前请先确认" in result.stdout
    assert "9342万元" in result.stdout


def test_recap_draft_warns_before_drafting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "d.md"
    result = CliRunner().invoke(app, ["draft", str(EXAMPLES / "shop-2025.toml"), "--style",
                                      "project", "--backend", "offline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "9342万元" in result.output
    assert "--style data" in result.output


def test_douyin_sample_judgements_from_hand_computed_facts() -> None:
    plan, facts = plan_of("douyin-2025.toml", "data")
    # GMV 3280 / 2150 = +52.6 %; net margin 215/2150 = 10 % -> 361/3280 = 11.0 %
    growth = plan.judgement("growth-quality")
    assert growth is not None and growth.gist == "量利齐升"
    assert "增长52.6%" in growth.claim and "从10%升至11%" in growth.claim
    # ad spend 620 / 330 = +87.9 %, faster than GMV; its share of GMV 15.3 % -> 18.9 %
    cost = plan.judgement("cost-value")
    assert cost is not None and cost.tone == "bad" and "增长87.9%" in cost.claim
    assert "从15.3%升至18.9%" in cost.claim
    assert "年度目标没有完成" in plan.thesis and "投放费用涨得比成交快" in plan.thesis
    # paid spend is money spent: 千川 620 + 达人 210; the 0-spend content and private channels are not
    assert facts["channels.paid_spend"].text == "830万元"
    assert facts["channels.paid_gmv_of_total"].text == "80.9%"  # (2108 + 546) / 3280
    free = {j.subject for j in plan.all_judgements() if "不占推广预算" in j.claim}
    assert free == {"短视频自然流量", "粉丝群"}
    channels = plan.judgement("channels")
    # ROI 2108/620 = 3.4, 546/210 = 2.6
    assert channels is not None and "为3.4" in channels.claim and "为2.6" in channels.claim
    # every problem has a plan item that answers it
    assert all(p.answered for p in plan.problem_plan)
    assert plan.warnings == []  # quarters add up to the year; 3280万 / 96元 = 34.2万 buyers >= 28.5万
