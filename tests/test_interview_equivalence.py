"""A notes file written by the interview drafts to the same report as one written by hand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from assistant.console import UI
from assistant.interview import run_interview
from assistant.notes import load_notes

ROOT = Path(__file__).resolve().parent.parent
CTRL_U = "\x15"

ANSWERS = [
    # basics and style
    CTRL_U + "2025年度电商运营年终总结", CTRL_U + "2025", "山野茶事天猫旗舰店", "1",
    # about
    "林晓", "电商运营负责人", "电商运营部", "公司管理层",
    # sales: value, target, last year, quarterly, note
    "5,860万", "6000", "4720万元", "1020, 1380, 1450, 2010", "四季度双十一带动再次冲高",
    # profit
    "2414万", "41.2%", "38.6", "586", "520",
    # users
    "86.5万", "90", "31.5%", "28.2%", "¥168", "152元",
    # channels (loop)
    "是", "直通车", "1", "420", "1890", "",
    "是", "企微社群与公众号", "3", "", "", "私域用户池初具规模",
    "否",
    # conversion and service
    "3.8%", "4.5", "108", "89", "18秒", "4.86",
    # goods and inventory, product structure loop
    "36", "46天", "53", "2.9%",
    "是", "引流款", "20", "45", "", "8",
    "是", "利润款", "50", "40", "", "78",
    "",
    # campaigns (loop)
    "是", "双十一", "", "", "活动限定款礼盒未大幅降价即售罄;双十一期间GMV同比增长32%", "", "",
    # highlights and problems
    "新品上新36款,其中4款成为爆款;自然搜索流量同比增长27%",
    "获客成本高企,过度依赖付费推广;用户粘性不足,生命周期管理不完善",
    # plan
    "7200万", "35%", "构建公域加私域双轮驱动,自然流量占比提升至45%;优化库存预警",
]

BY_HAND = """\
# 手写的素材文件
[report]
title = "2025年度电商运营年终总结"
year = 2025
organization = "山野茶事天猫旗舰店"
team = "电商运营部"
author = "林晓"
role = "电商运营负责人"
style = "data"
audience = "公司管理层"

[metrics.gmv]
value = 5860.0
unit = "万元"
target = 6000
last_year = 4720
quarterly = [1020, 1380, 1450, 2010]
note = "四季度双十一带动再次冲高"

[metrics.gross_profit]
value = 2414
unit = "万元"

[metrics.gross_margin]
value = 41.2
unit = "%"
last_year = 38.6

[metrics.net_profit]
value = 586
unit = "万元"
last_year = 520

[metrics.new_users]
value = 86.5
unit = "万人"
target = 90

[metrics.repurchase_rate]
value = 31.5
unit = "%"
last_year = 28.2

[metrics.aov]
value = 168
unit = "元"
last_year = 152

[metrics.conversion_rate]
value = 3.8
unit = "%"
target = 4.5

[metrics.cac]
value = 108
unit = "元"
last_year = 89

[metrics.first_response_seconds]
value = 18
unit = "秒"

[metrics.dsr_description]
value = 4.86
unit = "分"

[metrics.new_products]
value = 36
unit = "款"

[metrics.inventory_turnover_days]
value = 46
unit = "天"
last_year = 53

[metrics.stockout_rate]
value = 2.9
unit = "%"

[[channels]]
name = "直通车"
kind = "paid"
spend = 420
gmv = 1890

[[channels]]
name = "企微社群与公众号"
kind = "private"
note = "私域用户池初具规模"

[[products]]
segment = "引流款"
sku_share = 20
order_share = 45
profit_share = 8

[[products]]
segment = "利润款"
sku_share = 50
order_share = 40
profit_share = 78

[[campaigns]]
name = "双十一"
results = ["活动限定款礼盒未大幅降价即售罄", "双十一期间GMV同比增长32%"]

[review]
highlights = ["新品上新36款,其中4款成为爆款", "自然搜索流量同比增长27%"]
problems = ["获客成本高企,过度依赖付费推广", "用户粘性不足,生命周期管理不完善"]

[plan]
strategies = ["构建公域加私域双轮驱动,自然流量占比提升至45%", "优化库存预警"]

[plan.targets.gmv]
value = 7200
unit = "万元"

[plan.targets.repurchase_rate]
value = 35
unit = "%"
"""

_VOLATILE = ("generated_at:", "notes:", "notes_sha256:")


def draft(notes: Path) -> str:
    out = notes.with_suffix(".md")
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "draft", str(notes), "--backend", "offline",
         "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines() if not line.startswith(_VOLATILE))


def test_interview_and_hand_written_notes_draft_the_same_report(tmp_path: Path) -> None:
    (tmp_path / "interview").mkdir()
    (tmp_path / "hand").mkdir()
    asked = tmp_path / "interview" / "notes.toml"
    ui = UI.recording()
    with create_pipe_input() as inp:
        inp.send_text("".join(a + "\r" for a in ANSWERS))
        inp.close()
        result = run_interview(asked, ui, input=inp, output=DummyOutput())
    assert result.status == "done", ui.out.file.getvalue()  # type: ignore[attr-defined]

    by_hand = tmp_path / "hand" / "notes.toml"
    by_hand.write_text(BY_HAND, encoding="utf-8")
    assert load_notes(asked) == load_notes(by_hand)
    assert draft(asked) == draft(by_hand)
