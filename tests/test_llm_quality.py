"""Garbage is not a draft: scaffolding, repeated lines, non-Chinese or far-too-short replies
are sent back once with the reason, then the section is reported failed, never done."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FILLER, FakeOpenAI, long, point_recap_at
from paths import EXAMPLES, REPO, SAMPLES

from assistant.draftfile import Draft
from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config
from assistant.llm.quality import judge
from assistant.llm.templates import load_template

SCAFFOLDING = ("### 现在请撰写的章节\n章节 id:kpi\n<范文片段>\n### 现在请撰写的章节\n"
               "年度总GMV :实现总成交额XXX万元\n### 现在请撰写的章节\n" + FILLER)


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        point_recap_at(monkeypatch, srv.base_url, model="small-model",
                       llm="timeout = 5\nmax_retries = 0\n")
        yield srv


def draft() -> dict[str, SectionResult]:
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    results = LLMDrafter(load_llm_config()).draft(ctx, [SectionRequest(p) for p in ctx.outline()])
    return {r.id: r for r in results}


def test_echoed_scaffolding_is_sent_back_once_then_the_section_fails(server: FakeOpenAI) -> None:
    server.script("kpi", SCAFFOLDING, SCAFFOLDING, long("不应再被调用"))
    results = draft()
    kpi = results["kpi"]
    assert not kpi.ok and kpi.body is None
    assert "照抄了提示词的结构" in (kpi.error or "")
    assert kpi.calls == 2
    second = server.calls("kpi")[1]
    assert "你上一次的回复不能用" in second.last_user and "照抄了提示词的结构" in second.last_user
    assert all(results[s].ok for s in results if s != "kpi")


def test_a_good_reply_after_the_rejection_is_kept(server: FakeOpenAI) -> None:
    server.script("summary", "Summary: revenue grew and we did well. " * 12,
                  long("全年GMV同比{{gmv.yoy}}，团队稳中有进。"))
    results = draft()
    summary = results["summary"]
    assert summary.ok and summary.calls == 2
    assert (summary.body or "").startswith("全年GMV同比增长24.2%，团队稳中有进。")
    assert "大部分不是中文" in server.calls("summary")[1].last_user


@pytest.mark.parametrize("reply,reason", [
    (SCAFFOLDING, "照抄了提示词的结构"),
    ("<范文片段>\n" + FILLER, "照抄了提示词的结构"),
    ("\n".join(["全年销售情况良好，各项指标稳步提升。"] * 6), "同一行反复出现"),
    ("We grew GMV by a lot this year and the team did great work overall. " * 5, "不是中文"),
    ("全年业绩不错。", "远短于本节应有的篇幅"),
    ("", "没有输出任何正文"),
    (FILLER + "1" * 5000, "位的数字"),
])
def test_judge_names_what_is_wrong(reply: str, reason: str) -> None:
    markers = ["现在请撰写的章节", "报告信息", "可引用的数据(本节只能使用这些编号)"]
    verdict = judge(reply, markers=markers, expected_chars=500)
    assert verdict is not None and reason in verdict


def test_judge_accepts_every_section_of_the_example_documents() -> None:
    """No false alarms on real prose: the bundled example reviews pass as they are."""
    template = load_template("section")
    markers = [template.system, template.prompt]
    from assistant.llm.quality import han_count, template_headings

    headings = template_headings(markers)
    checked = 0
    for path in sorted((EXAMPLES / "styles").glob("*.md")):
        for section in Draft.load(path).sections:
            body = section.body
            if han_count(body) < 40:
                continue
            assert judge(body, markers=headings, expected_chars=han_count(body)) is None, \
                (path.name, section.id)
            checked += 1
    assert checked >= 10


def test_a_regen_answered_with_garbage_leaves_the_file_as_it_was(server: FakeOpenAI,
                                                                 tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]),
                           "--backend", "llm", "-o", str(path)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    before = path.read_bytes()
    server.script("kpi", SCAFFOLDING, SCAFFOLDING)
    proc = subprocess.run([sys.executable, "-m", "assistant", "regen", str(path), "--section",
                           "kpi", "--backend", "llm"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 1
    assert "照抄了提示词的结构" in proc.stderr
    assert path.read_bytes() == before  # the earlier text stays


def test_gaps_leave_the_prose_and_are_listed_after_drafting(server: FakeOpenAI) -> None:
    from assistant.console import UI
    from assistant.llm.gaps import take_gaps

    server.script("plan", long("下年度GMV目标{{plan.gmv}}。明年的预算为【待补充:明年的推广预算】，"
                               "会重点投入直播。") + "\n\n缺口：明年新品上新的数量")
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    ui = UI.recording()
    drafter = LLMDrafter(load_llm_config(), ui=ui)
    results = {r.id: r for r in drafter.draft(ctx, [SectionRequest(p) for p in ctx.outline()])}
    body = results["plan"].body or ""
    assert results["plan"].ok and "【待补充" not in body and "缺口" not in body
    assert body.startswith("下年度GMV目标7200万元。")
    assert drafter.gaps["plan"] == ["明年的推广预算", "明年新品上新的数量"]
    log = ui.out.file.getvalue() + ui.err.file.getvalue()  # type: ignore[attr-defined]
    assert "素材里缺少下面这些内容" in log and "明年的推广预算" in log
    assert take_gaps("全年稳中有进。") == ("全年稳中有进。", [])
