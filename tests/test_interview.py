"""The interview driven through prompt_toolkit pipe input (no terminal)."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.console import UI
from assistant.interview import InterviewResult, run_interview
from assistant.interview.questions import default_title, default_year
from assistant.notes import load_notes
from assistant.typography import to_ascii_punctuation

ENTER = "\r"
CTRL_C = "\x03"
CTRL_U = "\x15"


def interview(path: Path, *answers: str, mode: str = "missing") -> tuple[InterviewResult, str]:
    """Run the interview on ``path`` typing ``answers`` (each one line, Enter added)."""
    ui = UI.recording()
    keys = "".join(a if a == CTRL_C else a + ENTER for a in answers)
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()  # the end of the keys reads as Ctrl-D
        result = run_interview(path, ui, input=inp, output=DummyOutput(),
                               mode="all" if mode == "all" else "missing")
    # Messages are full-width beside Chinese; assertions are written in ASCII marks.
    return result, to_ascii_punctuation(ui.out.file.getvalue())  # type: ignore[attr-defined]


# basics: title (pre-filled), year (pre-filled, cleared with Ctrl-U), organization
BASICS = ("", CTRL_U + "2025", "山野茶事天猫旗舰店")


def test_basics_style_and_a_metric_are_saved(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    result, out = interview(path, *BASICS, "1", ">>", "5,860万", "6000", "4720",
                            "1020, 1380, 1450, 2010", "结束")
    assert result.status == "finished"
    notes = load_notes(path)
    assert notes.report.title == "2025年度电商运营年终总结"
    assert notes.report.year == 2025
    assert notes.report.organization == "山野茶事天猫旗舰店"
    assert notes.report.style == "data"
    gmv = notes.metrics["gmv"]
    assert (gmv.value, gmv.unit, gmv.target, gmv.last_year) == (5860, "万元", 6000, 4720)
    assert gmv.quarterly == [1020, 1380, 1450, 2010]
    assert "已记为 5860 万元" in out
    assert "篇一" in out and "篇二" in out and "篇三" in out  # each style names its example


def test_wrong_answers_are_asked_again_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    result, out = interview(
        path, "", CTRL_U + "1999", CTRL_U + "2025", "", "7", "1", ">>",
        # gmv value, target, last year, quarters (4 wanted; the odd sum confirmed), note
        "很多", "5860", "", "", "1 2 3", "1 2 3 4", "是", "",
        "2414", "141%", "41.2", "", "结束",
    )
    assert result.status == "finished"
    assert "应不小于 2000" in out
    assert "请写序号" in out
    assert "没有看懂这个数字" in out
    assert "需要 4 个数字" in out
    assert "0 到 100" in out
    notes = load_notes(path)
    assert notes.report.year == 2025
    assert notes.metrics["gmv"].quarterly == [1, 2, 3, 4]
    assert notes.metrics["gross_margin"].value == 41.2


def test_skip_leaves_the_field_out(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    interview(path, "", CTRL_U + "2025", "", "2", "", "", "结束")
    notes = load_notes(path)
    assert notes.report.organization is None
    assert notes.report.author is None
    assert "organization" not in path.read_text(encoding="utf-8")
    assert notes.report.style == "narrative"


def test_required_title_cleared_keeps_the_default(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, CTRL_U, CTRL_U + "2024", "结束")
    assert "默认值" in out
    notes = load_notes(path)
    assert notes.report.year == 2024
    assert notes.report.title == default_title(2024)  # follows the year typed after it


def test_back_goes_to_the_previous_question(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _result, out = interview(
        path, "<", CTRL_U + "我的总结", CTRL_U + "2024", "<", CTRL_U + "2025", "上一题",
        CTRL_U + "2023", "某店", "结束",
    )
    assert "已经是第一题了" in out
    notes = load_notes(path)
    assert notes.report.title == "我的总结"
    assert notes.report.year == 2023
    assert notes.report.organization == "某店"
    assert out.count("总结的是哪一年") == 3


def test_question_mark_explains_the_metric(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", ">>", "?", "5860", "结束")
    assert "生意参谋" in out  # where to find it
    assert "单位:万元" in out
    assert "全年成交总额" in out  # definition
    assert load_notes(path).metrics["gmv"].value == 5860


def test_question_mark_on_the_style_lists_the_styles(tmp_path: Path) -> None:
    _, out = interview(tmp_path / "n.toml", *BASICS, "?", "3", "结束")
    assert "参照篇三" in out
    assert load_notes(tmp_path / "n.toml").report.style == "project"


def _to_campaigns() -> tuple[str, ...]:
    # data style: skip about, sales, profit, users, channels, conversion, goods
    return (*BASICS, "1", ">>", ">>", ">>", ">>", ">>", ">>", ">>")


def test_campaign_loop_adds_entries_until_no(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _result, out = interview(
        path, *_to_campaigns(),
        "是", "618", "6月1日-6月18日", "预热蓄水;爆款打透", "GMV同比增长18%", "",
        "是", "双十一", "", "", "", "会员提前购效果好",
        "", "结束",
    )
    assert "要添加大促活动或战役吗" in out
    assert "再添加一个大促活动或战役吗" in out
    notes = load_notes(path)
    assert [c.name for c in notes.campaigns] == ["618", "双十一"]
    assert notes.campaigns[0].actions == ["预热蓄水", "爆款打透"]
    assert notes.campaigns[0].period == "6月1日-6月18日"
    assert notes.campaigns[1].reflection == ["会员提前购效果好"]


def test_loop_entry_without_a_name_is_cancelled(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *_to_campaigns(), "是", "", "结束")
    assert "已取消添加" in out
    assert load_notes(path).campaigns == []


def test_project_style_asks_duties_projects_and_growth(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(
        path, *BASICS, "3", "周宁", "运营专员", "", "", "付费推广;内容运营",
        ">>",  # kpi
        "y", "会员体系搭建", "负责人", "", "复购率提升至25%", "RFM分层", "复购率26.4%", "", "",
        "n", "SQL;项目管理", "内容策划", "结束",
    )
    assert "你负责哪些工作" in out
    notes = load_notes(path)
    assert notes.report.duties == ["付费推广", "内容运营"]
    assert notes.projects[0].name == "会员体系搭建"
    assert notes.projects[0].results == ["复购率26.4%"]
    assert notes.growth.skills == ["SQL", "项目管理"]
    assert notes.growth.shortfalls == ["内容策划"]


def test_ctrl_c_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    result, out = interview(path, CTRL_U + "年度复盘", CTRL_U + "2025", "山野茶事", CTRL_C)
    assert result.status == "interrupted"
    assert f"recap interview {path}" in out
    notes = load_notes(path)
    assert (notes.report.title, notes.report.year, notes.report.organization) == (
        "年度复盘", 2025, "山野茶事")


def test_ctrl_c_before_any_answer_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    result, out = interview(path, CTRL_C)
    assert result.status == "interrupted"
    assert not path.exists()
    assert "没有写入文件" in out


def test_resume_asks_only_what_is_missing_and_offers_review(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(
        "# 我的素材\n\n[report]\ntitle = \"年终总结\"\nyear = 2025\norganization = \"某店\"\n"
        "style = \"data\"\n\n[metrics.gmv]\nvalue = 5860\nunit = \"万元\"\n",
        encoding="utf-8",
    )
    _result, out = interview(path, "2", "1", "林晓", "结束")
    assert "已有内容" in out
    # The review shows what is there, in Chinese rather than raw TOML.
    assert "标题 " in out and "年终总结" in out and "5860万元" in out
    assert "title =" not in out and "[metrics" not in out
    assert "报告标题" not in out and "GMV全年是多少" not in out
    assert "你的名字" in out
    notes = load_notes(path)
    assert notes.report.author == "林晓"
    assert notes.metrics["gmv"].value == 5860
    assert path.read_text(encoding="utf-8").startswith("# 我的素材\n")


def test_review_all_mode_prefills_existing_answers(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    interview(path, *BASICS, "结束")
    # Enter keeps the title; year is edited; organization cleared with Ctrl-U (skip).
    _, _out = interview(path, "3", "", CTRL_U + "2024", CTRL_U, "结束")
    notes = load_notes(path)
    assert notes.report.year == 2024
    assert notes.report.organization is None
    assert notes.report.title == default_title(2024)  # a default title follows the year


def test_default_year_is_the_year_under_review() -> None:
    from datetime import date

    assert default_year(date(2026, 1, 10)) == 2025
    assert default_year(date(2025, 12, 1)) == 2025


def test_end_of_input_counts_as_interrupt(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    result, _ = interview(path, *BASICS)
    assert result.status == "interrupted"
    assert load_notes(path).report.organization == "山野茶事天猫旗舰店"


def test_number_typed_after_a_prefilled_default_is_understood(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, "", "2024", "结束")  # "2024" typed after the pre-filled year
    assert "已按新输入的 2024 记录" in out
    assert load_notes(path).report.year == 2024


def test_existing_file_is_not_rewritten_without_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    original = "# 手写\n[report]\ntitle = \"总结\"   # 行尾注释\nyear = 2025\n"
    path.write_text(original, encoding="utf-8")
    _, out = interview(path, "", "", CTRL_C)  # mode 1, skip a question, Ctrl-C
    assert "没有改动" in out
    _, out = interview(path, "", "结束")
    assert "没有改动" in out
    assert path.read_text(encoding="utf-8") == original


def test_answers_follow_the_unit_already_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    path.write_text(
        "[report]\ntitle = \"总结\"\nyear = 2025\nstyle = \"data\"\n\n"
        "[metrics.gmv]\nvalue = 0.586\nunit = \"亿元\"\n",
        encoding="utf-8",
    )
    _, out = interview(path, "1", ">>", ">>", "6000万", "结束")  # mode 1, skip about, org
    assert "单位:亿元" in out
    gmv = load_notes(path).metrics["gmv"]
    assert (gmv.unit, gmv.target) == ("亿元", 0.6)


def test_a_broken_notes_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    import pytest

    from assistant.errors import NotesError

    path = tmp_path / "notes.toml"
    broken = "[report]\ntitle = \"总结\"\nyear = \"二〇二五\"\n"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(NotesError, match=r"report\.year"):
        interview(path, "结束")
    assert path.read_text(encoding="utf-8") == broken


def test_wrong_answer_is_not_echoed_as_recorded(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", ">>", ">>", "2414万", "141", "结束")
    assert "已记为 2414 万元" in out
    assert "已记为 141" not in out
    assert "0 到 100" in out


def test_declining_a_loop_on_an_existing_file_does_not_rewrite_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    original = ("[report]\ntitle = \"总结\"  # 注释\nyear = 2025\norganization = \"店\"\n"
                "style = \"data\"\n")
    path.write_text(original, encoding="utf-8")
    # mode 1; skip about, sales, profit, users; Enter = no channels; then finish
    interview(path, "", ">>", ">>", ">>", ">>", "", "结束")
    assert path.read_text(encoding="utf-8") == original


def test_answers_saved_into_a_hand_written_file_keep_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    original = ("# 手写的素材\n[report]\ntitle = \"总结\"  # 暂定标题\nyear = 2025\n\n"
                "# GMV 来自生意参谋\n[metrics.gmv]\nvalue = 5860\nunit = \"万元\"\n")
    path.write_text(original, encoding="utf-8")
    _, out = interview(path, "", "山野茶事", "结束")  # mode 1: only what is missing
    text = path.read_text(encoding="utf-8")
    assert load_notes(path).report.organization == "山野茶事"
    for comment in ("# 手写的素材", "# 暂定标题", "# GMV 来自生意参谋"):
        assert comment in text
    assert "不会保留" not in out


# -- issue 12: numbers confirmed, answers split either width, help that shows an example ------


def test_an_implausible_number_is_confirmed_or_typed_again(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    # GMV -5860万: asked, refused (否), typed again; target 6000; last year in 元 by mistake.
    _, out = interview(path, *BASICS, "1", ">>", "-5860万", "否", "5860", "6000",
                       "472000000", "", "4720", "结束")
    assert "负数" in out and "这个数字对吗" in out
    assert "没有记录这个答案" in out
    notes = load_notes(path)
    assert notes.metrics["gmv"].value == 5860
    assert notes.metrics["gmv"].last_year == 4720  # the odd value was not kept on Enter


def test_a_confirmed_odd_number_is_kept_and_not_asked_again(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", ">>", "5860", "", "", "1 2 3 4", "是", "", "结束")
    assert out.count("这个数字对吗") == 1
    assert load_notes(path).metrics["gmv"].quarterly == [1, 2, 3, 4]


def test_a_margin_that_disagrees_with_its_parts_is_questioned(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", ">>", "5860", "", "", "", "",
                       "2340", "42", "否", "39.9", "结束")
    assert "39.9%" in out and "不一致" in out
    assert load_notes(path).metrics["gross_margin"].value == 39.9


def test_skipping_gmv_says_its_follow_up_questions_are_skipped_too(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", ">>", "", "结束")
    assert "没有GMV的全年数字" in out and "年度目标" in out and "一并跳过" in out


def test_help_on_a_free_text_question_shows_a_good_answer(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    _, out = interview(path, *BASICS, "1", "?", "林晓", "结束")
    assert "好的回答:你的姓名" in out


def test_list_answers_typed_with_full_width_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "notes.toml"
    # about: skip; sales … plan skipped with >>, until review's highlights.
    _, out = interview(path, *BASICS, "1", ">>", ">>", ">>", ">>", ">>", ">>", ">>", ">>",
                       "?", "双十一GMV创新高\uff1b会员复购提升\uff1b新品动销快", "结束")
    assert "用分号“;”隔开" in out  # the ASCII view of “；”
    assert load_notes(path).review.highlights == ["双十一GMV创新高", "会员复购提升", "新品动销快"]


def test_interview_messages_use_full_width_marks(tmp_path: Path) -> None:
    from assistant.typography import ascii_marks_touching_chinese

    ui = UI.recording()
    keys = "".join(a + ENTER for a in (*BASICS, "1", "?", ">>", "-5", "否", "", "结束"))
    with create_pipe_input() as inp:
        inp.send_text(keys)
        inp.close()
        run_interview(tmp_path / "n.toml", ui, input=inp, output=DummyOutput())
    out = ui.out.file.getvalue()  # type: ignore[attr-defined]
    assert ascii_marks_touching_chinese(out) == []
