"""The optional paste-your-notes step, against a local OpenAI-compatible server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FakeOpenAI, Step
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.console import UI
from assistant.interview import run_interview
from assistant.interview.extract import extractable_steps, make_extractor
from assistant.notes import load_notes

CTRL_U = "\x15"
FAKE_KEY = "sk-test-extract-0123456789"


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        monkeypatch.setenv("RECAP_MODEL", "fake-model")
        monkeypatch.setenv("RECAP_BASE_URL", server.base_url)
        monkeypatch.setenv("RECAP_API_KEY", FAKE_KEY)
        yield server


def run(path: Path, *lines: str) -> str:
    ui = UI.recording()
    extractor = make_extractor(None)
    with create_pipe_input() as inp:
        inp.send_text("".join(line + "\r" for line in lines))
        inp.close()
        run_interview(path, ui, input=inp, output=DummyOutput(), extractor=extractor)
    return ui.out.file.getvalue() + ui.err.file.getvalue()  # type: ignore[attr-defined]


def test_no_model_no_extractor() -> None:
    assert make_extractor(None) is None


def test_extracted_values_are_confirmed_fixed_or_dropped(model: FakeOpenAI,
                                                         tmp_path: Path) -> None:
    reply = {"values": [
        {"key": "metrics.gmv.value", "value": "5860万"},
        {"key": "report.organization", "value": "山野茶事"},
        {"key": "metrics.gmv.last_year", "value": "4720万元"},
        {"key": "report.author", "value": "林晓"},
        {"key": "metrics.gross_margin.value", "value": "141%"},
        {"key": "no.such.field", "value": "1"},
    ]}
    model.script("?", Step(json.dumps(reply, ensure_ascii=False)))
    path = tmp_path / "notes.toml"
    out = run(
        path,
        "今年店铺GMV 5860万,去年4720万元,毛利率41.2%。", "",  # paste, then an empty line
        "",  # organization: accept
        "",  # author: accept
        "",  # gmv value: accept
        CTRL_U,  # gmv last year: drop
        "",  # gross margin: accepting the extracted 141% is refused ...
        CTRL_U + "41.2%",  # ... and the user fixes it
        # the interview goes on with what is still missing
        "", CTRL_U + "2025", "1", "结束",
    )
    assert "找到 5 项" in out
    assert "0 到 100" in out
    notes = load_notes(path)
    assert notes.report.organization == "山野茶事"
    assert notes.report.author == "林晓"
    assert notes.metrics["gmv"].value == 5860
    assert notes.metrics["gmv"].last_year is None
    assert notes.metrics["gross_margin"].value == 41.2
    assert notes.report.style == "data"
    assert "店铺或单位名称" not in out.split("找到 5 项")[1].split("山野茶事")[-1]
    sent = model.calls()[0]
    assert "metrics.gmv.value" in sent.messages[0]["content"]
    assert "5860万" in sent.last_user


def test_model_failure_falls_back_to_questions(model: FakeOpenAI, tmp_path: Path) -> None:
    model.script("?", Step(status=500, error="boom {auth}"), Step(status=500, error="boom"))
    out = run(tmp_path / "notes.toml", "随便写点笔记", "", "", CTRL_U + "2025", "结束")
    assert "提取失败" in out
    assert FAKE_KEY not in out
    assert load_notes(tmp_path / "notes.toml").report.year == 2025


def test_extractable_steps_cover_every_style_without_loops() -> None:
    keys = {s.key for s in extractable_steps()}
    assert {"report.title", "report.style", "metrics.gmv.target", "report.duties",
            "growth.skills", "team.size", "plan.targets.gmv.value"} <= keys
    assert not any(".add" in k or k.startswith(("campaigns.", "projects.")) for k in keys)
