"""Finding a font that can draw Chinese chart labels.

Order: a system CJK font (Microsoft YaHei, PingFang, Noto Sans CJK, …, found through
matplotlib's font list or ``fc-list :lang=zh``), then the Noto Sans CJK SC file
shipped by the optional ``fonts`` extra (mplfonts, located without importing it),
then nothing: the caller draws English labels and tells the user once.

Also the font names written into Word/HTML documents; those are rendered by the
reader's machine, so they are names, not files.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Documents: what Chinese Office installs have, with sensible fallbacks for HTML.
DOCX_EAST_ASIA_FONT = "微软雅黑"
DOCX_HEADING_EAST_ASIA_FONT = "微软雅黑"
DOCX_LATIN_FONT = "Arial"
HTML_FONT_STACK = ('"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "微软雅黑", '
                   '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", '
                   '"WenQuanYi Micro Hei", sans-serif')

# System fonts for charts, best first (family names as fontconfig/matplotlib see them).
PREFERRED_FAMILIES = (
    "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK JP",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei", "Droid Sans Fallback",
)
_MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"

NO_CJK_FONT_WARNING = ("没有找到可显示中文的字体，图表改用英文标签。安装中文字体"
                       "（如 fonts-noto-cjk）或运行 pip install 'recap[fonts]' 后重新导出即可显示中文。")


@dataclass(frozen=True)
class ChartFont:
    family: str
    path: Path | None  # file to register with matplotlib, when known
    source: str  # "system" or "mplfonts"


def _fc_list() -> list[tuple[str, Path]]:
    """(family, file) pairs of fonts fontconfig says cover Chinese."""
    exe = shutil.which("fc-list")
    if exe is None:
        return []
    try:
        out = subprocess.run([exe, ":lang=zh", "family", "file"], capture_output=True,
                             text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    pairs: list[tuple[str, Path]] = []
    for line in out.splitlines():
        # "/usr/share/fonts/x.ttc: Noto Sans CJK SC,Noto Sans CJK JP"
        if ":" not in line:
            continue
        file_part, _, fam_part = line.partition(": ")
        for fam in fam_part.split(","):
            fam = fam.strip()
            if fam:
                pairs.append((fam, Path(file_part.strip().rstrip(":"))))
    return pairs


def _matplotlib_families() -> dict[str, Path]:
    from matplotlib import font_manager

    return {f.name: Path(f.fname) for f in font_manager.fontManager.ttflist}


def mplfonts_font_file() -> Path | None:
    """Noto Sans CJK SC from the ``fonts`` extra, found on disk (no import, no network)."""
    try:
        spec = importlib.util.find_spec("mplfonts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "fonts" / _MPLFONTS_FILE
        if candidate.is_file():
            return candidate
    return None


def find_system_font() -> ChartFont | None:
    known = _matplotlib_families()
    for fam in PREFERRED_FAMILIES:
        if fam in known:
            return ChartFont(fam, known[fam], "system")
    fc = _fc_list()
    by_family = {fam: path for fam, path in fc}
    for fam in PREFERRED_FAMILIES:
        if fam in by_family:
            return ChartFont(fam, by_family[fam], "system")
    for fam, path in fc:  # any font that covers Chinese beats boxes
        if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
            return ChartFont(fam, path, "system")
    return None


@cache
def find_chart_font() -> ChartFont | None:
    """The font charts draw Chinese with, or None (then charts use English labels)."""
    font = find_system_font()
    if font is not None:
        return font
    path = mplfonts_font_file()
    if path is not None:
        return ChartFont("Noto Sans CJK SC", path, "mplfonts")
    return None


def register_chart_font(font: ChartFont) -> str:
    """Make ``font`` known to matplotlib; returns the family name matplotlib uses."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    if font.path is None or font.family in known:
        # matplotlib already indexes it (for a .ttc: the right face, e.g. SC not JP)
        return font.family
    try:
        font_manager.fontManager.addfont(str(font.path))
        return str(font_manager.FontProperties(fname=str(font.path)).get_name())
    except (OSError, RuntimeError, ValueError):
        return font.family
