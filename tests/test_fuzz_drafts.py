"""Hostile drafts and Word export (issue 14 items 5 and 8).

A draft comes from a colleague or an editor: its front matter may name a FIFO or
``/dev/zero`` as the notes, it may be a FIFO itself, hold 10,000 sections or 50 MB,
or any text at all (hypothesis writes the bodies). Every command on it must end in
bounded time with exit 0, 1 (check found problems) or 2, never a traceback, and
leave the notes untouched. Word export must survive control characters pasted from
Word (``\\x0b``, ``\\x0c``) or written into the notes, and titles over 255 characters.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from fuzz_support import SHOP, changed, recap, recap_process, snapshot, write_notes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.fileio import DRAFT_MAX_BYTES


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("drafted")
    shutil.copy(SHOP, folder / "shop.toml")
    recap("draft", "shop.toml", "-o", "d.md", cwd=folder).assert_clean(0)
    return folder


@pytest.fixture
def shop(tmp_path: Path, drafted: Path) -> Path:
    for name in ("shop.toml", "d.md"):
        shutil.copy(drafted / name, tmp_path / name)
    os.mkfifo(tmp_path / "fifo")
    return tmp_path


def _front_matter_notes(folder: Path, notes: str) -> None:
    text = (folder / "d.md").read_text(encoding="utf-8")
    (folder / "d.md").write_text(text.replace('notes: "shop.toml"', f'notes: "{notes}"'),
                                 encoding="utf-8")


# Run in a real process: a blocked open or an endless read must fail the time bound,
# not hang the suite.
BLOCKING = [
    (None, ["draft", "fifo"]),
    (None, ["draft", "/dev/zero"]),
    (None, ["check", "fifo"]),
    (None, ["export", "/dev/zero"]),
    ("fifo", ["check", "d.md"]),
    ("/dev/zero", ["export", "d.md", "-o", "x.html"]),
    ("fifo", ["regen", "d.md", "-s", "kpi"]),
    (None, ["check", "d.md", "--notes", "/dev/zero"]),
    (None, ["regen", "d.md", "-s", "kpi", "--notes", "fifo"]),
]


@pytest.mark.parametrize(("notes", "args"), BLOCKING, ids=[" ".join(a) for _, a in BLOCKING])
def test_fifos_and_devices_are_refused_not_read(shop: Path, notes: str | None, args: list[str]) -> None:
    if notes:
        _front_matter_notes(shop, notes)
    before = snapshot(shop)
    run = recap_process(*args, cwd=shop, timeout=20)
    run.assert_clean(2)
    assert "不是普通文件" in run.err
    assert changed(before, snapshot(shop)) == []


def test_a_draft_over_the_size_limit_is_refused_at_once(shop: Path) -> None:
    big = shop / "big.md"
    head = (shop / "d.md").read_bytes()
    with big.open("wb") as fh:  # 50 MB, sparse: cheap to make
        fh.write(head)
        fh.truncate(50 * 1024 * 1024)
    for args in (["check", "big.md"], ["export", "big.md"], ["regen", "big.md", "-s", "kpi"],
                 ["sections", "big.md"]):
        run = recap(*args, cwd=shop)
        run.assert_clean(2)
        assert "上限" in run.err and run.seconds < 5


def test_ten_thousand_sections_are_refused_and_a_thousand_handled(shop: Path) -> None:
    base = (shop / "d.md").read_text(encoding="utf-8")
    extra = "".join(f"<!-- section: s{i} -->\n## 第{i}节\n\n正文。\n\n" for i in range(10_000))
    (shop / "many.md").write_text(base + extra, encoding="utf-8")
    run = recap("check", "many.md", cwd=shop)
    run.assert_clean(2)
    assert "章节标记" in run.err and run.seconds < 5
    some = "".join(f"<!-- section: s{i} -->\n## 第{i}节\n\n正文。\n\n" for i in range(990))
    (shop / "some.md").write_text(base + some, encoding="utf-8")
    recap("check", "some.md", cwd=shop).assert_clean(0, 1)
    missing = recap("regen", "some.md", "-s", "nosuch", cwd=shop)
    missing.assert_clean(2)
    assert missing.err.count("、") < 40 and "等 995 个" in missing.err


def test_a_body_near_the_limit_is_handled_in_bounded_time(shop: Path) -> None:
    base = (shop / "d.md").read_text(encoding="utf-8")
    body = "本年度 GMV 达到 5860 万元。" * 40_000  # about 1.2 MB
    (shop / "long.md").write_text(base + "<!-- section: x -->\n## 长\n\n" + body, encoding="utf-8")
    assert (shop / "long.md").stat().st_size < DRAFT_MAX_BYTES
    run = recap("check", "long.md", cwd=shop)
    run.assert_clean(0, 1)


# Draft bodies: pieces that matter to the parser (anchors, headings, front matter
# fences, numbers, control characters, bidi marks, NUL) in any order.
PIECES = ["<!-- section: kpi -->\n", "<!-- section: x -->\n", "<!-- section: kpi -->\n",
          "## 标题\n", "# 大标题\n", "---\n", "notes: \"fifo\"\n", "notes: \"/dev/zero\"\n",
          "GMV 5860 万元", "增长 24.2%", "1e308", "9" * 400, "【待补充】", "| a | b |\n|---|---|\n",
          "- 列表\n", "\x0b", "\x0c", "\x1b[2J", "\x1b]0;title\x07", "\u202e", "\x00", "\r\n",
          "\ufeff", "```\n", "<!-- ", " -->"]
bodies = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=40).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, keep_front_matter=st.booleans())
def test_any_draft_body_ends_cleanly(drafted: Path, body: str, keep_front_matter: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(drafted / "shop.toml", folder / "shop.toml")
        os.mkfifo(folder / "fifo")
        head = (drafted / "d.md").read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
        (folder / "d.md").write_text((head if keep_front_matter else "") + body,
                                     encoding="utf-8", errors="surrogatepass")
        notes_before = snapshot(folder)
        for args in (["check", "d.md"], ["sections", "d.md"], ["regen", "d.md", "-s", "kpi"]):
            run = recap(*args, cwd=folder)
            run.assert_clean(0, 1, 2)
            assert "\x1b]0;" not in run.err + run.out  # never echoed raw
        after = snapshot(folder)
        assert after["shop.toml"] == notes_before["shop.toml"]
        assert after["fifo"][0] == "fifo"


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A draft of notes with no series to chart (export is then quick)."""
    folder = tmp_path_factory.mktemp("plain")
    write_notes(folder, "[metrics.gmv]\nvalue = 5860\n", name="shop.toml")
    recap("draft", "shop.toml", "-o", "d.md", cwd=folder).assert_clean(0, 1)
    return folder


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_any_draft_body_exports(plain: Path, body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(plain / "shop.toml", folder / "shop.toml")
        text = (plain / "d.md").read_text(encoding="utf-8")
        (folder / "d.md").write_text(text + "<!-- section: pasted -->\n## 粘贴\n\n" + body,
                                     encoding="utf-8")
        for fmt in ("docx", "html"):
            run = recap("export", "d.md", "--to", fmt, "-o", f"out.{fmt}", cwd=folder)
            run.assert_clean(0, 2)


# -- Word export: control characters and long titles -----------------------------------

CONTROL = st.sampled_from([chr(c) for c in [*range(1, 9), 11, 12, *range(14, 32), 127, 0x85]]
                          + ["\ufffe", "\uffff"])
# NUL is not among them: a notes string or draft holding one is refused (tested apart).
no_nul = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=8)
dirty = st.lists(st.one_of(CONTROL, no_nul), min_size=1, max_size=12).map("".join)


def toml_string(text: str) -> str:
    out = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c
                  for c in text)
    return f'"{out}"'


@settings(max_examples=10, deadline=None)
@given(title=dirty, author=dirty, highlight=dirty, pasted=dirty,
       long_title=st.integers(min_value=0, max_value=600))
def test_word_export_cleans_control_characters(title: str, author: str, highlight: str,
                                               pasted: str, long_title: int) -> None:
    from docx import Document

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        full_title = "年终总结" + title + "长" * long_title
        (folder / "n.toml").write_text(
            f"[report]\ntitle = {toml_string(full_title)}\nyear = 2025\n"
            f"author = {toml_string(author)}\n"
            f"[review]\nhighlights = [{toml_string(highlight)}]\n", encoding="utf-8")
        recap("draft", "n.toml", "-o", "d.md", cwd=folder).assert_clean(0, 1)
        with (folder / "d.md").open("a", encoding="utf-8") as fh:
            fh.write("<!-- section: pasted -->\n## 粘贴\n\n" + pasted + "\n")
        recap("export", "d.md", "--to", "docx", "-o", "d.docx", cwd=folder).assert_clean(0)
        doc = Document(str(folder / "d.docx"))
        assert len(doc.core_properties.title) <= 255
        recap("export", "d.md", "--to", "html", "-o", "d.html", cwd=folder).assert_clean(0)
        assert "\x0b" not in (folder / "d.html").read_text(encoding="utf-8")


def test_word_export_of_a_vertical_tab_and_page_break(tmp_path: Path) -> None:
    from docx import Document

    write_notes(tmp_path, "")
    recap("draft", "notes.toml", "-o", "d.md", cwd=tmp_path).assert_clean(0, 1)
    with (tmp_path / "d.md").open("a", encoding="utf-8") as fh:
        fh.write("<!-- section: pasted -->\n## 粘贴\n\n第一行\x0b第二行\x0c第三页\x01\n")
    run = recap("export", "d.md", "-o", "d.docx", cwd=tmp_path)
    run.assert_clean(0)
    text = "\n".join(p.text for p in Document(str(tmp_path / "d.docx")).paragraphs)
    assert "第一行\n第二行\n第三页" in text and "\x01" not in text


def test_a_nul_in_notes_or_draft_is_refused_clearly(tmp_path: Path) -> None:
    write_notes(tmp_path, '[review]\nhighlights = ["a\\u0000b"]\n')
    run = recap("draft", "notes.toml", "-o", "d.md", cwd=tmp_path)
    run.assert_clean(2)
    assert "review.highlights" in run.err and not (tmp_path / "d.md").exists()


def test_a_fifo_named_like_notes_does_not_block_the_session_search(tmp_path: Path) -> None:
    from assistant.session.loop import find_notes_candidates

    os.mkfifo(tmp_path / "a.toml")
    shutil.copy(SHOP, tmp_path / "shop.toml")
    assert find_notes_candidates(tmp_path) == [tmp_path / "shop.toml"]
