"""The notes file: both reference samples load; bad files are refused clearly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from paths import EXAMPLES, SAMPLE_NAMES, SHARED

from assistant.errors import NotesError
from assistant.notes import load_notes, parse_notes_text

GOOD_HEAD = '[report]\ntitle = "测试"\nyear = 2025\n'


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_reference_samples_load(name: str) -> None:
    notes = load_notes(EXAMPLES / name)
    assert notes.report.year == 2025
    assert notes.metrics, "samples hold metrics"


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_bundled_copies_match_shared_samples(name: str) -> None:
    shared = SHARED / "samples" / name
    if not shared.exists():
        pytest.skip("shared/ not beside this checkout")
    assert (EXAMPLES / name).read_bytes() == shared.read_bytes()
    assert load_notes(shared) == load_notes(EXAMPLES / name)


def test_sample_content_is_read_faithfully() -> None:
    notes = load_notes(EXAMPLES / "shop-2025.toml")
    gmv = notes.metrics["gmv"]
    assert (gmv.value, gmv.target, gmv.last_year) == (5860, 6000, 4720)
    assert gmv.quarterly == [1020, 1380, 1450, 2010]
    assert [c.name for c in notes.channels] == ["直通车", "超级推荐", "抖音信息流", "企微社群与公众号"]
    assert notes.plan.targets["gmv"].value == 7200
    spec = load_notes(EXAMPLES / "specialist-2025.toml")
    assert spec.report.duties == ["付费流量推广", "内容运营", "会员体系维护"]
    assert spec.metric_label("visitors") == "店铺年度总访客数"


def _problems(text: str) -> list[str]:
    with pytest.raises(NotesError) as info:
        parse_notes_text(text, "坏素材.toml")
    message = str(info.value)
    assert "坏素材.toml" in message
    return [p.describe() for p in info.value.problems]


def test_bad_toml_names_the_line() -> None:
    [problem] = _problems(GOOD_HEAD + "[metrics.gmv\nvalue = 1\n")
    assert "第 4 行" in problem and "TOML" in problem


def test_wrong_type_names_field_path_and_line() -> None:
    [problem] = _problems(GOOD_HEAD + '[metrics.gmv]\nvalue = 5860\ntarget = "六千万"\n')
    assert "metrics.gmv.target" in problem
    assert "第 6 行" in problem
    assert "数字" in problem


def test_quarterly_must_hold_four_numbers() -> None:
    [problem] = _problems(GOOD_HEAD + "[metrics.gmv]\nvalue = 10\nquarterly = [1, 2, 3]\n")
    assert "metrics.gmv.quarterly" in problem and "4 个数字" in problem and "3 个" in problem


def test_unknown_metric_needs_a_label() -> None:
    [problem] = _problems(GOOD_HEAD + "[metrics.live_hours]\nvalue = 300\n")
    assert "metrics.live_hours.label" in problem
    notes = parse_notes_text(GOOD_HEAD + '[metrics.live_hours]\nvalue = 300\nlabel = "直播时长"\n')
    assert notes.metric_label("live_hours") == "直播时长"


def test_share_out_of_range_is_refused() -> None:
    [problem] = _problems(GOOD_HEAD + '[[products]]\nsegment = "引流款"\nsku_share = 120\n')
    assert "products[1].sku_share" in problem and "0 到 100" in problem
    [problem] = _problems(GOOD_HEAD + "[metrics.repurchase_rate]\nvalue = 131.5\n")
    assert "metrics.repurchase_rate.value" in problem


def test_typo_in_field_name_is_reported() -> None:
    [problem] = _problems(GOOD_HEAD + "[metrics.gmv]\nvalue = 1\nlast_yaer = 2\n")
    assert "metrics.gmv.last_yaer" in problem and "不认识的字段" in problem


def test_missing_required_fields() -> None:
    problems = _problems('[report]\ntitle = "x"\n[metrics.gmv]\nunit = "万元"\n')
    joined = "\n".join(problems)
    assert "report.year" in joined and "metrics.gmv.value" in joined


def test_cli_refuses_bad_notes_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_HEAD + "[metrics.gmv]\nvalue = 1\nquarterly = [1, 2, 3]\n", encoding="utf-8")
    out = tmp_path / "draft.md"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", str(bad), "-o", str(out), "--backend", "offline"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "metrics.gmv.quarterly" in proc.stderr and "bad.toml" in proc.stderr
    assert not out.exists()


def test_not_utf8_and_missing_file(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes((GOOD_HEAD + 'organization = "山野茶事"\n').encode("gbk"))
    with pytest.raises(NotesError, match="UTF-8"):
        load_notes(gbk)
    from assistant.errors import InputError

    with pytest.raises(InputError, match="找不到素材文件"):
        load_notes(tmp_path / "nope.toml")
