"""The three styles: outlines follow the example documents and the notes' material."""

from __future__ import annotations

import pytest
from paths import EXAMPLES

from assistant.draftfile import Draft
from assistant.notes import load_notes, parse_notes_text
from assistant.resources import examples_dir
from assistant.styles import STYLES, get_style


def test_data_outline_follows_example_one() -> None:
    notes = load_notes(EXAMPLES / "shop-2025.toml")
    titles = [p.title for p in STYLES["data"].outline(notes)]
    assert titles == [
        "一、年度核心业绩指标回顾与分析",
        "二、关键运营模块深度复盘",
        "三、存在的主要问题与挑战",
        "四、下一年度战略规划与目标展望",
        "五、总结",
    ]
    assert STYLES["data"].sections[0].subsections == ("整体销售业绩\uff08GMV\uff09", "盈利能力分析", "用户数据分析")


def test_narrative_outline_follows_example_two() -> None:
    notes = load_notes(EXAMPLES / "shop-2025.toml")
    titles = [p.title for p in STYLES["narrative"].outline(notes)]
    assert titles == ["前言", "第一章\uff1a战略执行回顾", "第二章\uff1a组织与人的成长",
                      "第三章\uff1a面临的挑战与深层反思", "第四章\uff1a未来展望", "结语"]


def test_project_outline_has_one_block_per_project() -> None:
    notes = load_notes(EXAMPLES / "specialist-2025.toml")
    outline = STYLES["project"].outline(notes)
    ids = [p.id for p in outline]
    assert ids[:2] == ["duties", "projects"] and ids[4:] == ["growth", "plan"]
    assert all(i.startswith("project-") for i in ids[2:4]) and ids[2] != ids[3]
    assert outline[2].title == "项目一\uff1a付费流量渠道结构优化"
    assert outline[2].spec.subsections == ("项目背景与目标", "执行过程与策略", "数据结果与分析", "总结与可复制经验")


def test_missing_material_is_named_not_invented() -> None:
    notes = parse_notes_text('[report]\ntitle = "t"\nyear = 2025\n[metrics.gmv]\nvalue = 100\n')
    outline = {p.id: p for p in STYLES["data"].outline(notes)}
    assert outline["kpi"].missing is None
    assert outline["problems"].missing and "主要问题" in outline["problems"].missing
    assert outline["plan"].missing and "下一年" in outline["plan"].missing
    assert not any(c in outline["plan"].missing for c in "[]_")  # no TOML table or field names


@pytest.mark.parametrize("style", list(STYLES))
def test_every_section_has_an_example_passage(style: str) -> None:
    example = Draft.load(examples_dir() / "styles" / f"{style}.md")
    ids = {s.id for s in example.sections}
    for spec in STYLES[style].sections:
        assert spec.example_id in ids
        assert len(example.section(spec.example_id or "").body) > 50


def test_unknown_style_is_a_clear_error() -> None:
    from assistant.errors import InputError

    with pytest.raises(InputError, match="data"):
        get_style("poem")
