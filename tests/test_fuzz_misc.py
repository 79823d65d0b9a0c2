"""Scale, signals and the smaller findings (issue 14 items 11 and 12).

10,000 metrics must build their facts and plan their exports in linear time; a
megabyte-long label must not stall matplotlib; Ctrl-C ends with 130 and 「已中断」;
the terminal never receives raw ESC/OSC sequences from a notes file; click's English
「is not readable」 never shows; TOML errors point at the right line; a
``~nosuchuser`` cache path is a clear error.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fuzz_support import SHOP, recap, write_notes
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import NotesError
from assistant.notes import parse_notes_text
from assistant.notes.locate import locate_field

HEAD = '[report]\ntitle = "规模测试"\nyear = 2025\nstyle = "data"\n'


def many_metrics(n: int) -> str:
    parts = [HEAD]
    for i in range(n):
        parts.append(f'[metrics.m{i}]\nlabel = "指标{i}"\nunit = "万元"\nvalue = {100 + i}\n'
                     f"target = {120 + i}\nlast_year = {90 + i}\n"
                     f"quarterly = [{20 + i}, {25 + i}, {30 + i}, {25 + i}]\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "m10k.toml"
    path.write_text(many_metrics(10_000), encoding="utf-8")
    return path


def _facts_and_export_plan_seconds(text: str) -> float:
    from assistant.export.charts import plan_charts
    from assistant.export.kpi import kpi_rows
    from assistant.facts import build_facts

    start = time.perf_counter()
    notes = parse_notes_text(text)
    facts = build_facts(notes)
    kpi_rows(notes, facts)
    plan_charts(notes, facts, "data", ["kpi"], "kpi")
    return time.perf_counter() - start


def test_ten_thousand_metrics_scale_linearly(ten_thousand: Path) -> None:
    small = _facts_and_export_plan_seconds(many_metrics(1_000))
    big = _facts_and_export_plan_seconds(ten_thousand.read_text(encoding="utf-8"))
    # Linear: about 10 times the 1,000-metric run; the list.index engine was ~100 times.
    assert big < 30 * small + 1.0, (small, big)
    assert big < 20, big


def test_ten_thousand_metrics_export_plan_has_few_charts(ten_thousand: Path) -> None:
    from assistant.export.charts import MAX_BARS, MAX_QUARTERLY_CHARTS, plan_charts
    from assistant.facts import build_facts

    notes = parse_notes_text(ten_thousand.read_text(encoding="utf-8"))
    specs = plan_charts(notes, build_facts(notes), "data", ["kpi"], "kpi")
    assert len(specs) <= MAX_QUARTERLY_CHARTS + 3
    assert all(len(p.categories) <= max(MAX_BARS, 4) for s in specs for p in s.panels)


@settings(max_examples=4, deadline=None)
@given(st.sampled_from(["万", "x", "é", "\u202e"]), st.integers(min_value=1_000, max_value=1_000_000))
def test_a_huge_label_does_not_stall_the_chart(char: str, length: int) -> None:
    from assistant.export.charts import ChartSpec, Panel, Series, render

    huge = char * length
    series = Series(huge, huge, (1.0, 2.0, 3.0, 4.0), ("1" + huge, "2", "3", "4"), ("1", "2", "3", "4"))
    panel = Panel(huge, huge, (huge, "b", "c", "d"), (huge, "b", "c", "d"), (series,), huge, huge)
    start = time.perf_counter()
    png = render(ChartSpec("x", "quarterly", huge, huge, (panel,)), None, "png", dpi=50)
    assert png.startswith(b"\x89PNG") and time.perf_counter() - start < 10


def test_charts_of_numbers_too_large_to_draw_are_left_out() -> None:
    from assistant.export.charts import plan_charts
    from assistant.facts import build_facts

    notes = parse_notes_text(HEAD + "[metrics.gmv]\nvalue = 1.7e308\nlast_year = 1\n"
                             "quarterly = [1e308, 1.7e308, 1, 2]\n")
    assert plan_charts(notes, build_facts(notes), "data", ["kpi"], "kpi") == []


def test_a_megabyte_unit_is_refused_at_load() -> None:
    with pytest.raises(NotesError, match="最多 40 个字符"):
        parse_notes_text(HEAD + '[metrics.gmv]\nvalue = 1\nunit = "' + "万" * 1_000_000 + '"\n')


SLOW_DRAFT = """
import sys, time
from assistant import drafting
def slow(*args, **kwargs):
    sys.stderr.write("drafting\\n"); sys.stderr.flush()
    time.sleep(60)
drafting.draft_report = slow
sys.argv = ["recap", "draft", sys.argv[1], "-o", "out.md"]
from assistant.cli import main
main()
"""


def test_ctrl_c_exits_130_and_says_so(tmp_path: Path) -> None:
    import shutil

    shutil.copy(SHOP, tmp_path / "shop.toml")
    proc = subprocess.Popen([sys.executable, "-c", SLOW_DRAFT, "shop.toml"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    lines = []
    while not lines or lines[-1] not in ("drafting\n", ""):
        lines.append(proc.stderr.readline())  # wait until the command is busy drafting
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (proc.returncode, err[-2000:])
    assert "已中断" in err and "Traceback" not in err
    assert not (tmp_path / "out.md").exists()  # nothing half-written
    assert not list(tmp_path.glob(".*.tmp"))


def test_escape_sequences_in_notes_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = "\\u001b]0;owned\\u0007\\u001b[2J\\u001b[31m"
    write_notes(tmp_path, f'author = "{evil}"\n[metrics.gmv]\nvalue = 5860\nnote = "{evil}"\n'
                f'[review]\nhighlights = ["{evil}GMV 达到 5860 万元"]\n')
    text = (tmp_path / "notes.toml").read_text(encoding="utf-8").replace(
        'title = "测试年终总结"', f'title = "标题{evil}"')
    (tmp_path / "notes.toml").write_text(text, encoding="utf-8")
    runs = [recap("draft", "notes.toml", "-o", "d.md", cwd=tmp_path)]
    with (tmp_path / "d.md").open("a", encoding="utf-8") as fh:
        fh.write("\n<!-- section: extra -->\n## 附\n\n\x1b]0;owned\x07 GMV 9999 万元\n")
    runs += [recap("check", "d.md", cwd=tmp_path), recap("sections", "d.md", cwd=tmp_path),
             recap("regen", "d.md", "-s", "nosuch\x1b[2J", cwd=tmp_path)]
    for run in runs:
        run.assert_clean(0, 1, 2)
        assert "\x1b" not in run.out + run.err, (run.out + run.err)[-500:]
        assert "\x07" not in run.out + run.err


def test_unreadable_paths_get_our_chinese_message_not_clicks(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    shutil.copy(SHOP, tmp_path / "shop.toml")
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)  # what click used to ask
    run = recap("draft", "shop.toml", "-o", "d.md", cwd=tmp_path)
    run.assert_clean(0)
    assert "Invalid value" not in run.err and "readable" not in run.err
    real_open = os.open

    def denied(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("shop.toml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    run = recap("check", "d.md", cwd=tmp_path)
    run.assert_clean(2)
    assert "没有权限读取素材文件" in run.err and "shop.toml" in run.err


def test_toml_line_numbers_for_report_arrays_and_multiline_strings() -> None:
    with pytest.raises(NotesError) as err:
        parse_notes_text('# 注释\n[[report]]\ntitle = "t"\nyear = 2025\n')
    assert "第 2 行" in str(err.value)
    text = ('[report]\ntitle = "t"\nyear = 2025\n[review]\nnotes = """\n[metrics.gmv]\nvalue = 1\n"""\n'
            '\n[metrics.gmv]\nvalue = "x"\n')
    with pytest.raises(NotesError) as err:
        parse_notes_text(text)
    assert "第 11 行" in str(err.value)  # not line 7, inside the string
    assert locate_field(text, ("metrics", "gmv", "value")) == 11
    single = "[a]\nx = '''\n[b]\ny = 1\n'''\n[b]\ny = 2\n"
    assert locate_field(single, ("b", "y")) == 7


def test_cache_path_of_an_unknown_user_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "cfg.toml").write_text('[llm]\ncache_path = "~nosuchuser/c"\n', encoding="utf-8")
    run = recap("doctor", "--config", "cfg.toml", cwd=tmp_path)
    run.assert_clean(2)
    assert "~nosuchuser" in run.err and "cache_path" in run.err
