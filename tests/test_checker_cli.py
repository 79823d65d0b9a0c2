"""``recap check`` as a user runs it: offline drafts are clean, planted errors are found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from paths import REPO, SAMPLES, STYLES
from typer.testing import CliRunner

from assistant.cli import app
from assistant.drafting import DraftContext, draft_report
from assistant.offline import OfflineDrafter

BRAND = REPO / "tests" / "fixtures" / "checker-brand-2025.toml"
ALL_NOTES = [*SAMPLES, BRAND]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd or REPO)


def offline_draft(notes: Path, style: str, out: Path) -> Path:
    ctx = DraftContext.from_notes_file(notes, style)
    draft_report(ctx, OfflineDrafter(), out)
    return out


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("notes", SAMPLES, ids=lambda p: p.stem)
def test_offline_drafts_of_the_samples_are_clean(notes: Path, style: str, tmp_path: Path) -> None:
    out = tmp_path / f"{notes.stem}-{style}.md"
    drafted = run("draft", str(notes), "--style", style, "--backend", "offline", "-o", str(out))
    assert drafted.returncode == 0, drafted.stderr
    proc = run("check", str(out), "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["flags"] == []
    assert report["numbers_checked"] >= 15


@pytest.mark.parametrize("style", STYLES)
def test_offline_drafts_of_a_third_notes_file_are_clean(style: str, tmp_path: Path) -> None:
    out = offline_draft(BRAND, style, tmp_path / f"brand-{style}.md")
    result = CliRunner().invoke(app, ["check", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["flags"] == []


def test_a_planted_false_number_is_flagged_with_its_offsets(tmp_path: Path) -> None:
    out = offline_draft(SAMPLES[0], "data", tmp_path / "shop-data.md")
    text = out.read_text(encoding="utf-8")
    assert "24.2%" in text  # GMV growth, stated in the KPI section
    text = text.replace("24.2%", "26.5%", 1)
    out.write_text(text, encoding="utf-8")
    start = text.index("26.5%")
    proc = run("check", str(out), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    [flag] = json.loads(proc.stdout)["flags"]
    assert flag == {"text": "26.5%", "start": start, "end": start + 5,
                    "section": flag["section"], "reason": "unsupported",
                    "nearest": flag["nearest"]}
    assert text[flag["start"]:flag["end"]] == "26.5%"
    assert flag["section"].startswith("一、")
    assert flag["nearest"]  # a fact the writer can compare with


def test_table_output_names_number_section_reason_and_fact(tmp_path: Path) -> None:
    out = offline_draft(SAMPLES[0], "narrative", tmp_path / "shop-narrative.md")
    text = out.read_text(encoding="utf-8")
    assert "2.6个百分点" in text
    out.write_text(text.replace("2.6个百分点", "2.6%", 1), encoding="utf-8")
    proc = run("check", str(out))
    assert proc.returncode == 1
    assert "2.6%" in proc.stdout
    assert "单位不符" in proc.stdout
    assert "毛利率较去年变化" in proc.stdout
    line = text[:text.index("2.6个百分点")].count("\n") + 1
    assert f"第 {line} 行" in proc.stdout
    assert "1 处" in proc.stderr


def test_notes_option_overrides_the_front_matter(tmp_path: Path) -> None:
    out = offline_draft(SAMPLES[1], "project", tmp_path / "spec.md")
    moved = tmp_path / "moved.md"
    moved.write_text(out.read_text(encoding="utf-8").replace(
        "specialist-2025.toml", "gone.toml"), encoding="utf-8")
    missing = run("check", str(moved))
    assert missing.returncode == 2
    assert "不存在" in missing.stderr and "--notes" in missing.stderr
    found = run("check", str(moved), "--notes", str(SAMPLES[1]), "--format", "json")
    assert found.returncode == 0, found.stdout + found.stderr
    # checked against the wrong notes, the same draft is full of unsupported numbers
    wrong = run("check", str(moved), "--notes", str(SAMPLES[0]), "--format", "json")
    assert wrong.returncode == 1
    assert len(json.loads(wrong.stdout)["flags"]) >= 5


def test_changed_notes_are_mentioned(tmp_path: Path) -> None:
    notes = tmp_path / "notes.toml"
    notes.write_text(SAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = offline_draft(notes, "data", tmp_path / "draft.md")
    assert "已改动" not in run("check", str(out)).stderr
    notes.write_text(notes.read_text(encoding="utf-8") + "\n# 改过\n", encoding="utf-8")
    proc = run("check", str(out))
    assert proc.returncode == 0
    assert "改动过" in proc.stderr


# -- garbage in -----------------------------------------------------------------------

def test_zero_byte_draft_says_it_is_empty(tmp_path: Path) -> None:
    draft = tmp_path / "empty.md"
    draft.write_bytes(b"")
    proc = run("check", str(draft), "--notes", str(SAMPLES[0]))
    assert proc.returncode == 2
    assert "空" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("content", "words"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "二进制"),
    ("GMV增长24.2%".encode("gbk"), "UTF-8"),
    (b"   \n\n  \n", "空白"),
])
def test_unreadable_drafts_exit_2(content: bytes, words: str, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(content)
    proc = run("check", str(draft), "--notes", str(SAMPLES[0]))
    assert proc.returncode == 2
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_draft_and_directory(tmp_path: Path) -> None:
    for target, words in ((tmp_path / "nope.md", "找不到草稿文件"), (tmp_path, "是一个目录")):
        proc = run("check", str(target), "--notes", str(SAMPLES[0]))
        assert proc.returncode == 2
        assert words in proc.stderr


def test_notes_file_given_as_the_draft() -> None:
    proc = run("check", str(SAMPLES[0]))
    assert proc.returncode == 2
    assert "素材文件" in proc.stderr and "草稿" in proc.stderr


def test_draft_without_notes_needs_the_option(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# 总结\n\nGMV 5860万元\n", encoding="utf-8")
    proc = run("check", str(draft))
    assert proc.returncode == 2
    assert "--notes" in proc.stderr


def test_notes_with_errors_exit_2_naming_the_field(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# 总结\n\nGMV 5860万元\n", encoding="utf-8")
    notes = tmp_path / "bad.toml"
    notes.write_text('[report]\ntitle = "总结"\nyear = 2025\n[metrics.gmv]\nvalue = "很多"\n',
                     encoding="utf-8")
    proc = run("check", str(draft), "--notes", str(notes))
    assert proc.returncode == 2
    assert "metrics.gmv.value" in proc.stderr
    notes.write_bytes(b"\x00\x01\x02")
    assert run("check", str(draft), "--notes", str(notes)).returncode == 2
    assert run("check", str(draft), "--notes", str(tmp_path / "gone.toml")).returncode == 2


def test_a_draft_without_numbers_is_clean(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("# 2025年度总结\n\n## 一、回顾\n\n一方面进一步统一口径,一定要做好。\n",
                     encoding="utf-8")
    proc = run("check", str(draft), "--notes", str(SAMPLES[0]), "--format", "json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == {"flags": [], "numbers_checked": 0}
    table = run("check", str(draft), "--notes", str(SAMPLES[0]))
    assert table.returncode == 0
    assert "核对了 0 个数字" in table.stderr


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("GMV 5860万元\n", encoding="utf-8")
    proc = run("check", str(draft), "--notes", str(SAMPLES[0]), "--format", "xml")
    assert proc.returncode == 2
    assert "table 或 json" in proc.stderr


# -- numbers about the wrong thing (issue 13) -------------------------------------------

def test_another_metrics_number_is_a_mismatch_in_json_and_table(tmp_path: Path) -> None:
    out = offline_draft(SAMPLES[0], "data", tmp_path / "shop-data.md")
    text = out.read_text(encoding="utf-8").rstrip("\n") + "\n\n客单价为108元\uff0c获客成本为108元\u3002\n"
    out.write_text(text, encoding="utf-8")
    proc = run("check", str(out), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    [flag] = json.loads(proc.stdout)["flags"]
    start = text.rindex("客单价为108元") + len("客单价为")
    assert (flag["text"], flag["start"], flag["reason"]) == ("108元", start, "mismatch")
    assert flag["nearest"] == "客单价 168元"
    table = run("check", str(out))
    assert table.returncode == 1
    assert "对象不符" in table.stdout and "客单价 168元" in table.stdout


def test_a_draft_checks_the_same_with_either_punctuation(tmp_path: Path) -> None:
    from assistant.typography import fullwidth, to_ascii_punctuation

    out = offline_draft(SAMPLES[0], "data", tmp_path / "shop-data.md")
    text = out.read_text(encoding="utf-8").rstrip("\n")
    text += "\n\nGMV达到5860万元,同比增长12.7%;直通车投入420万元(占总投入的21.4%)。\n"
    reports = []
    for name, change in (("ascii", to_ascii_punctuation), ("full", fullwidth)):
        variant = tmp_path / f"{name}.md"
        variant.write_text(change(text), encoding="utf-8")
        proc = run("check", str(variant), "--notes", str(SAMPLES[0]), "--format", "json")
        assert proc.returncode == 1, proc.stderr
        reports.append([(f["text"], f["reason"], f["nearest"])
                        for f in json.loads(proc.stdout)["flags"]])
    assert reports[0] == reports[1]
    assert [r for _, r, _ in reports[0]] == ["mismatch", "mismatch"]
