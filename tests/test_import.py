"""A year imported from generated exports: the numbers, the findings, the notes file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from paths import EXAMPLES, REPO
from test_import_fixtures import (
    DASH_DAY,
    SCENES,
    doudian_csv,
    jd_monthly_xlsx,
    sycm_daily_xls,
    sycm_monthly_xlsx,
    wxt_weekly_gbk_csv,
)

from assistant.imports import plan_import, write_plan
from assistant.imports.plan import ImportPlan
from assistant.notes import load_notes
from assistant.notes.loader import parse_notes_text
from assistant.typography import ascii_marks_touching_chinese

WAN = Decimal(10000)


def cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3


def change(plan: ImportPlan, key: str, field: str) -> object:
    found = [c.new for c in plan.changes if c.key == key and c.field == field]
    assert found, f"no change for {key}.{field}"
    return found[0]


@pytest.fixture
def year_files(tmp_path: Path) -> dict[str, object]:
    return {"sycm": sycm_daily_xls(tmp_path), "last": sycm_monthly_xlsx(tmp_path),
            "wxt": wxt_weekly_gbk_csv(tmp_path)}


def test_sycm_year_quarters_last_year_and_aov_to_the_cent(tmp_path: Path, year_files: dict) -> None:
    sycm, last = year_files["sycm"], year_files["last"]
    plan = plan_import([sycm.path], notes_path=tmp_path / "n.toml", last_year_files=[last.path])

    # By hand: day i pays 9876.54 + 12.34 i yuan; the whole year minus the '-' day (15 March,
    # i = 73, 10777.36 yuan) is 4424683.30 - 10777.36 = 4413905.94 yuan = 441.390594 万元.
    assert change(plan, "gmv", "value") == 441.390594
    paid = [r for r in sycm.rows if r["pay"] is not None]
    assert sum(r["pay"] for r in paid) == Decimal("4413905.94")
    quarters = [Decimal(0)] * 4
    for r in paid:
        quarters[quarter_of(r["day"])] += r["pay"]
    assert change(plan, "gmv", "quarterly") == [float(q / WAN) for q in quarters]
    # Last year: 12 months of 210000.35 + 10000.10 m yuan = 3300012.00 yuan; the 汇总 row is skipped.
    assert change(plan, "gmv", "last_year") == 330.0012
    # 客单价 = 支付金额 ÷ 支付买家数 over the same rows (the '-' day has no amount, so it is left out).
    aov = sum(r["pay"] for r in paid) / sum(r["buyers"] for r in paid)
    assert change(plan, "aov", "value") == float(cents(aov)) == 192.50
    assert change(plan, "aov", "last_year") == float(cents(Decimal("3300012.00") / 18780)) == 175.72
    # Never the average of the rows' 客单价 column.
    mean_of_rows = sum(cents(r["pay"] / r["buyers"]) for r in paid) / len(paid)
    assert cents(mean_of_rows) != cents(aov)
    # 转化率 = 支付买家数 ÷ 商品访客数 over all 365 rows.
    conv = Decimal(sum(r["buyers"] for r in sycm.rows)) / sum(r["visitors"] for r in sycm.rows) * 100
    assert change(plan, "conversion_rate", "value") == float(cents(conv))


def test_visitors_are_not_summed_and_the_dash_day_is_reported(tmp_path: Path, year_files: dict) -> None:
    plan = plan_import([year_files["sycm"].path], notes_path=tmp_path / "n.toml")
    assert not any(c.key == "visitors" for c in plan.changes)
    assert "visitors" not in parse_notes_text(plan.new_text).metrics
    text = "\n".join(plan.result.warnings)
    assert f"{DASH_DAY.isoformat()}（第 {4 + 1 + 73 + 1} 行）" in text  # 4 notes, header, 73 days before
    assert "去重人数不能按天" in text and "商品访客数" in text and "累计" in text
    assert "支付金额较上一周期" in "\n".join(plan.result.infos)  # recognised, listed, not imported
    for line in plan.result.warnings + plan.result.infos:
        assert ascii_marks_touching_chinese(line) == [], line


def test_a_whole_year_row_gives_the_yearly_visitors(tmp_path: Path) -> None:
    path = tmp_path / "交易总览-全年.csv"
    path.write_text("交易总览\n统计日期,访客数,支付买家数,支付金额\n"
                    "2025-01-01~2025-12-31,\"1,320,000\",\"50,160\",\"8,426,880.00\"\n", encoding="utf-8")
    plan = plan_import([path], notes_path=tmp_path / "n.toml")
    assert change(plan, "visitors", "value") == 132  # 万人
    assert change(plan, "aov", "value") == 168  # 8426880 / 50160
    assert change(plan, "gmv", "value") == 842.688


def test_wxt_weekly_scenes_become_channels_with_roi(tmp_path: Path, year_files: dict) -> None:
    wxt = year_files["wxt"]
    plan = plan_import([wxt.path], notes_path=tmp_path / "n.toml", year=2025)
    for scene in SCENES:
        rows = [r for r in wxt.rows if r["scene"] == scene and r["end"].year == 2025]
        assert len(rows) == 51
        spend = sum(r["spend"] for r in rows)
        gmv = sum(r["gmv"] for r in rows)
        assert change(plan, scene, "spend") == float(spend / WAN)
        assert change(plan, scene, "gmv") == float(gmv / WAN)
        assert change(plan, scene, "roi") == float(cents(gmv / spend))
    # By hand for 关键词推广: spend 89390.25, gmv 278077.50 yuan, ROI 3.11.
    assert change(plan, "关键词推广", "spend") == 8.939025
    assert change(plan, "关键词推广", "roi") == 3.11
    assert change(plan, "人群推广", "roi") == 4.09
    notes = parse_notes_text(plan.new_text)
    assert [c.name for c in notes.channels] == list(SCENES)
    assert all(c.kind == "paid" for c in notes.channels)
    text = "\n".join(plan.result.warnings)
    assert "2025-01-01 至 2025-01-05" in text  # the missing first week
    assert "2025-12-29 至 2026-01-04" in text  # the straddling last week, not counted


def test_jd_monthly_skus_add_up(tmp_path: Path) -> None:
    jd = jd_monthly_xlsx(tmp_path)
    plan = plan_import([jd.path], notes_path=tmp_path / "n.toml")
    # By hand: SKU 1 678006 + SKU 2 1278012 = 1956018 yuan.
    assert change(plan, "gmv", "value") == 195.6018
    q1 = sum(r["amount"] for r in jd.rows if r["month"] <= 3)
    assert change(plan, "gmv", "quarterly")[0] == float(q1 / WAN) == 46.20045  # type: ignore[index]
    assert change(plan, "aov", "value") == float(cents(Decimal(1956018) / 11520)) == 169.79
    assert "京东商智“成交金额”" in plan.changes[0].source


def test_doudian_weeks_crossing_quarters_give_no_quarters(tmp_path: Path) -> None:
    dd = doudian_csv(tmp_path)
    plan = plan_import([dd.path], notes_path=tmp_path / "n.toml", year=2025)
    inside = [r for r in dd.rows if r["start"].year == 2025 and r["end"].year == 2025]
    # 51 weeks of 25000 + 100.01 w yuan (w = 1 … 51), the first written as 2.510001万.
    assert sum(r["amount"] for r in inside) == Decimal("1407613.26")
    assert change(plan, "gmv", "value") == 140.761326
    assert not any(c.field == "quarterly" for c in plan.changes)
    gmv_row = next(c for c in plan.changes if c.key == "gmv" and c.field == "value")
    assert gmv_row.quarter_note and "跨越季度边界" in gmv_row.quarter_note
    text = "\n".join(plan.result.warnings)
    assert "2024-12-30 至 2025-01-05" in text and "2025-12-29 至 2026-01-04" in text
    assert "退款金额（退款时间）" in "\n".join(plan.result.infos)
    assert "退款金额(支付时间)" in "\n".join(plan.result.infos)


def test_overlapping_files_are_never_double_counted(tmp_path: Path, year_files: dict) -> None:
    sycm = year_files["sycm"]
    copy = tmp_path / "再次下载.csv"
    shutil.copy(sycm.path, copy)
    june = tmp_path / "六月.csv"
    june.write_text("统计日期,支付金额,支付买家数\n2025-06,\"999,999.00\",9999\n", encoding="utf-8")
    once = plan_import([sycm.path], notes_path=tmp_path / "a.toml")
    twice = plan_import([sycm.path, copy, june], notes_path=tmp_path / "b.toml")
    assert change(twice, "gmv", "value") == change(once, "gmv", "value")
    assert change(twice, "aov", "value") == change(once, "aov", "value")
    text = "\n".join(twice.result.warnings)
    assert "重复数据，只计一次" in text
    assert "六月.csv" in text and "重叠，未计入" in text


def test_new_notes_file_and_interview_asks_only_what_exports_cannot_hold(tmp_path: Path,
                                                                         year_files: dict) -> None:
    from assistant.interview.questions import plan_steps
    from assistant.interview.runner import notes_to_data

    target = tmp_path / "新素材.toml"
    plan = plan_import([year_files["sycm"].path, year_files["wxt"].path], notes_path=target,
                       last_year_files=[year_files["last"].path])
    assert not plan.existed
    write_plan(plan)
    notes = load_notes(target)
    assert notes.report.year == 2025
    data = notes_to_data(notes)
    missing = {s.key for s in plan_steps(data) if s.kind != "add" and _missing(data, s.path)}
    for imported in ("metrics.gmv.value", "metrics.gmv.last_year", "metrics.gmv.quarterly",
                     "metrics.aov.value", "metrics.aov.last_year", "channels.0.spend", "channels.0.gmv",
                     "channels.0.kind"):
        assert imported not in missing
    for asked in ("metrics.gmv.target", "review.problems", "plan.strategies", "channels.0.note"):
        assert asked in missing


def _missing(data: dict, path: tuple) -> bool:
    from assistant.interview.questions import get_path, is_missing

    return is_missing(get_path(data, path))


# -- the command line ------------------------------------------------------------------------

def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, stdin=subprocess.DEVNULL)


def test_import_into_hand_written_notes_keeps_comments_drafts_and_checks(tmp_path: Path,
                                                                         year_files: dict) -> None:
    notes = tmp_path / "shop.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", notes)
    original = notes.read_text(encoding="utf-8")
    proc = run("import", str(year_files["sycm"].path), str(year_files["wxt"].path),
               "--last-year", str(year_files["last"].path), "--into", str(notes), "--yes", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    text = notes.read_text(encoding="utf-8")
    for line in original.splitlines():
        if line.startswith("#") or line.startswith("note =") or line.startswith("["):
            assert line in text  # comments, notes and layout stay
    gmv_line = next(line for line in text.splitlines() if line.startswith("value = 441.390594"))
    assert "生意参谋“支付金额”列" in gmv_line and "生意参谋-商品宏观监控-2025.csv" in gmv_line
    assert "原值 5860" in gmv_line
    for line in text.splitlines():
        if "# 导入" in line:
            assert ascii_marks_touching_chinese(line) == [], line
    for line in proc.stderr.splitlines():
        assert ascii_marks_touching_chinese(line) == [], line
    assert "target = 6000" in text  # what the exports cannot hold stays
    assert "直播间观看次数" in proc.stderr  # the unknown column is listed
    assert "GMV" in proc.stdout and "441.390594" in proc.stdout  # the preview
    loaded = load_notes(notes)
    assert loaded.metrics["gmv"].value == 441.390594
    assert [c.name for c in loaded.channels][-2:] == list(SCENES)

    draft = tmp_path / "d.md"
    proc = run("draft", str(notes), "--backend", "offline", "-o", str(draft), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    body = draft.read_text(encoding="utf-8")
    assert "441.390594万元" in body
    assert run("check", str(draft), cwd=tmp_path).returncode == 0
    # A wrong number beside the imported one is traced back to it: the nearest fact is the
    # imported GMV, and the notes line of that value names the export it came from.
    draft.write_text(body.replace("441.390594万元", "451.39万元", 1), encoding="utf-8")
    proc = run("check", str(draft), "--format", "json", cwd=tmp_path)
    assert proc.returncode == 1
    assert "GMV 441.390594万元" in proc.stdout


def test_no_terminal_and_no_yes_leaves_the_notes_unchanged(tmp_path: Path, year_files: dict) -> None:
    notes = tmp_path / "shop.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", notes)
    before = notes.read_bytes()
    proc = run("import", str(year_files["sycm"].path), "--into", str(notes), cwd=tmp_path)
    assert proc.returncode == 2
    assert "--yes" in proc.stderr and "Traceback" not in proc.stderr
    assert notes.read_bytes() == before


@pytest.mark.parametrize(("content", "args", "expected"), [
    (b"\x00\x01\x02\xff\xfe\x00garbage" * 20, (), "bad.csv"),
    ("名字,颜色\n张三,红\n".encode(), (), "没有找到认识的列"),
    (None, ("--year", "2023"), "没有 2023 年的数据"),
])
def test_bad_input_exits_2_and_names_the_file(tmp_path: Path, year_files: dict, content: bytes | None,
                                              args: tuple[str, ...], expected: str) -> None:
    notes = tmp_path / "shop.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", notes)
    before = notes.read_bytes()
    if content is None:
        source = year_files["sycm"].path
        notes.write_bytes(before.replace(b"year = 2025", b"year = 2023"))
        before = notes.read_bytes()
    else:
        source = tmp_path / "bad.csv"
        source.write_bytes(content)
    proc = run("import", str(source), "--into", str(notes), "--yes", *args, cwd=tmp_path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert expected in proc.stderr and source.name in proc.stderr
    assert "Traceback" not in proc.stderr
    assert notes.read_bytes() == before


def test_help_is_chinese_and_the_command_imports_nothing_heavy() -> None:
    code = ("import sys; import assistant.cli; "
            "print([m for m in ('openpyxl', 'xlrd', 'charset_normalizer', 'tomlkit') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert proc.stdout.strip() == "[]", proc.stderr
    proc = run("import", "--help", cwd=REPO)
    assert proc.returncode == 0
    assert "后台导出" in proc.stdout and "--last-year" in proc.stdout


# -- the interactive session ------------------------------------------------------------------

def test_session_import_command_asks_before_writing(tmp_path: Path, year_files: dict) -> None:
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from assistant.console import UI
    from assistant.interview.prompter import PromptToolkitPrompter
    from assistant.session import Session

    notes = tmp_path / "shop.toml"
    shutil.copy(EXAMPLES / "shop-2025.toml", notes)
    before = notes.read_bytes()
    for answer, written in (("否", False), ("是", True)):
        ui = UI.recording()
        with create_pipe_input() as inp:
            inp.send_text(answer + "\r")
            session = Session(ui, PromptToolkitPrompter(inp, DummyOutput()), notes_path=notes,
                              backend="offline")
            session.dispatch(f"import '{year_files['wxt'].path}'")
        out = ui.out.file.getvalue() + ui.err.file.getvalue()  # type: ignore[attr-defined]
        assert "关键词推广" in out
        assert (notes.read_bytes() != before) is written
    assert "import" in session.commands()
    assert [c.name for c in load_notes(notes).channels][-2:] == list(SCENES)


def test_reimport_is_idempotent_and_keeps_the_users_own_comment(tmp_path: Path, year_files: dict) -> None:
    notes = tmp_path / "shop.toml"
    text = (EXAMPLES / "shop-2025.toml").read_text(encoding="utf-8")
    notes.write_text(text.replace("value = 5860\n", "value = 5860  # 财务口径，含税\n", 1), encoding="utf-8")
    files = [year_files["sycm"].path]
    write_plan(plan_import(files, notes_path=notes))
    first = notes.read_text(encoding="utf-8")
    gmv_line = next(line for line in first.splitlines() if line.startswith("value = 441.390594"))
    assert gmv_line.endswith("原值 5860；原注释：财务口径，含税")
    write_plan(plan_import(files, notes_path=notes))
    assert notes.read_text(encoding="utf-8") == first


def test_rows_outside_the_year_are_reported_not_counted(tmp_path: Path, year_files: dict) -> None:
    mixed = tmp_path / "跨年.csv"
    mixed.write_text("统计日期,支付金额,支付买家数\n2024-12,\"5,000.00\",50\n2025-01,\"6,000.00\",60\n"
                     "2025-02,\"7,000.00\",70\n", encoding="utf-8")
    plan = plan_import([mixed], notes_path=tmp_path / "n.toml", year=2025)
    assert change(plan, "gmv", "value") == 1.3
    text = "\n".join(plan.result.warnings)
    assert "跨年.csv 有 1 行不在 2025 年内（2024-12-01 至 2024-12-31），没有计入" in text
    assert "--last-year" in text
    assert "2025-03-01 至 2025-12-31" in text  # the months missing inside the year


def test_a_last_year_file_among_this_years_fills_last_year(tmp_path: Path, year_files: dict) -> None:
    # recap import 2025.csv --last-year a.xlsx b.xlsx: b.xlsx lands among this year's files.
    plan = plan_import([year_files["sycm"].path, year_files["last"].path], notes_path=tmp_path / "n.toml")
    assert plan.year == 2025  # 2024 has 366 days of data, but the latest full year is the report year
    assert change(plan, "gmv", "value") == 441.390594
    assert change(plan, "gmv", "last_year") == 330.0012
    assert any("按去年的数据填入 last_year" in line for line in plan.result.infos)


def test_values_follow_the_unit_the_notes_already_use(tmp_path: Path, year_files: dict) -> None:
    notes = tmp_path / "shop.toml"
    text = (EXAMPLES / "shop-2025.toml").read_text(encoding="utf-8")
    text = text.replace('value = 5860\nunit = "万元"\ntarget = 6000\nlast_year = 4720\n'
                        'quarterly = [1020, 1380, 1450, 2010]',
                        'value = 0.586\nunit = "亿元"\ntarget = 0.6\nlast_year = 0.472\n'
                        'quarterly = [0.102, 0.138, 0.145, 0.201]')
    notes.write_text(text, encoding="utf-8")
    plan = plan_import([year_files["sycm"].path], notes_path=notes)
    assert change(plan, "gmv", "value") == 0.0441390594  # 4,413,905.94 元 in 亿元, to the cent
    assert any("GMV的去年值仍是素材里原有的 0.472" in w for w in plan.result.warnings)
    loaded = parse_notes_text(plan.new_text)
    assert loaded.metrics["gmv"].unit == "亿元" and loaded.metrics["gmv"].target == 0.6
