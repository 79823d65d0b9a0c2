"""``--length`` and ``--tone`` on the model path: the target reaches the prompt, and a
section far below it is sent back once with the shortfall named."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeserver import FILLER, FakeOpenAI, point_recap_at, write_user_config
from paths import REPO, SAMPLES

from assistant.drafting import DraftContext, SectionRequest, SectionResult
from assistant.errors import ConfigError
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config

# About 150 Chinese characters: enough for a standard kpi section's floor, far below a long one's.
MEDIUM = "全年GMV同比{{gmv.yoy}}，规模继续扩大。" + FILLER[:130]


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        point_recap_at(monkeypatch, srv.base_url, model="m")
        yield srv


def configure(body: str = "") -> None:
    write_user_config("timeout = 5\nmax_retries = 0\ncache = false\n" + body)


def draft_kpi() -> SectionResult:
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    [kpi] = [p for p in ctx.outline() if p.id == "kpi"]
    [result] = LLMDrafter(load_llm_config()).draft(ctx, [SectionRequest(kpi)])
    return result


def test_a_long_draft_sends_a_short_section_back_with_the_shortfall(server: FakeOpenAI) -> None:
    configure()
    server.script("kpi", MEDIUM)
    assert draft_kpi().calls == 1  # the standard length accepts it
    configure('length = "long"\n')
    server.script("kpi", MEDIUM, MEDIUM + "\n\n" + FILLER)
    result = draft_kpi()
    assert result.ok and result.calls == 2
    first, again = server.calls("kpi")[-2:]
    target = int(first.prompt.split("本节篇幅：约 ")[1].split(" 字")[0])
    assert target >= 900  # long: about 1.6 times the example's length
    assert "远短于本节应有的篇幅" in again.last_user and f"约 {target} 字" in again.last_user


def test_the_tone_and_a_character_target_reach_the_prompt(server: FakeOpenAI) -> None:
    configure('length = "6000"\ntone = "平实"\n')
    draft_kpi()
    prompt = server.calls("kpi")[0].prompt
    assert "语气平实" in prompt
    assert int(prompt.split("本节篇幅：约 ")[1].split(" 字")[0]) > 700  # 6,000 for the report


def test_a_bad_length_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[llm]\nlength = "very long"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="length"):
        load_llm_config(path)


def test_offline_honours_the_length_and_only_plan_is_model_only(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]),
                           "--backend", "offline", "--length", "long", "--plan", "model",
                           "-o", str(tmp_path / "d.md")],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "--plan 只对模型起草生效" in proc.stderr and "--length" not in proc.stderr


def test_length_long_on_the_command_line_reasks_a_short_section(server: FakeOpenAI,
                                                                tmp_path: Path) -> None:
    """``recap draft --length long``: the short kpi reply goes back once with the shortfall
    named, and the summary shows each section's length against its target."""
    from assistant.lengths import han_count, section_targets

    configure()
    fuller = MEDIUM + "\n\n" + FILLER * 3
    server.script("kpi", MEDIUM, fuller)
    out = tmp_path / "d.md"
    proc = subprocess.run([sys.executable, "-m", "assistant", "draft", str(SAMPLES[0]),
                           "--backend", "llm", "--length", "long", "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert out.exists(), proc.stderr
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    target = section_targets(ctx, "long")["kpi"]
    first, again = server.calls("kpi")[:2]
    assert f"本节篇幅：约 {target} 字" in first.prompt
    assert "远短于本节应有的篇幅" in again.last_user and f"约 {target} 字" in again.last_user
    from assistant.draftfile import Draft

    kpi = Draft.parse(out.read_text(encoding="utf-8")).section("kpi").body
    assert f"{han_count(kpi)} / {target}" in proc.stderr
