"""Time ``recap import`` on a year of exports: 365 daily 生意参谋 rows + 52 weekly 万相台 rows.

The files are generated like the tests' fixtures (a binary XLS named .csv with note rows
and text money; a GBK CSV with weekly ranges). Printed beside the import: a baseline
measured in the same run, reading the same files with plain xlrd and csv (no header
search, no values, no year), and the whole command as a user runs it.

    .venv/bin/python bench/bench_import.py
"""

from __future__ import annotations

import csv
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_import_fixtures import sycm_daily_xls, wxt_weekly_gbk_csv  # noqa: E402

from assistant.imports import plan_import  # noqa: E402

RUNS = 20


def baseline(xls: Path, gbk: Path) -> int:
    import xlrd

    book = xlrd.open_workbook(file_contents=xls.read_bytes())
    sheet = book.sheet_by_index(0)
    rows = [sheet.row_values(r) for r in range(sheet.nrows)]
    rows += list(csv.reader(io.StringIO(gbk.read_bytes().decode("gbk"))))
    return len(rows)


def best_and_median(fn: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sycm = sycm_daily_xls(folder)
        wxt = wxt_weekly_gbk_csv(folder, scenes=("关键词推广",))
        notes = folder / "notes.toml"
        print(f"输入：{len(sycm.rows)} 行日数据（{sycm.path.name}），{len(wxt.rows)} 行周数据（{wxt.path.name}）")

        start = time.perf_counter()
        plan = plan_import([sycm.path, wxt.path], notes_path=notes)
        first = time.perf_counter() - start
        print(f"导入 {len(plan.changes)} 个数值；首次（含加载 xlrd）{first * 1000:.1f} 毫秒")

        best, median = best_and_median(lambda: plan_import([sycm.path, wxt.path], notes_path=notes))
        b_best, b_median = best_and_median(lambda: baseline(sycm.path, wxt.path))
        print(f"recap 导入（读取、识别表头、解析数值与日期、汇总、合并素材）：最快 {best * 1000:.1f} 毫秒，"
              f"中位数 {median * 1000:.1f} 毫秒（{RUNS} 次）")
        print(f"基线（xlrd 与 csv 直接读出同样的两个文件）：最快 {b_best * 1000:.1f} 毫秒，"
              f"中位数 {b_median * 1000:.1f} 毫秒")

        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "assistant", "import", str(sycm.path), str(wxt.path),
                               "--into", str(notes), "--yes"], capture_output=True, text=True, cwd=folder)
        whole = time.perf_counter() - start
        status = "成功" if proc.returncode == 0 else f"失败（退出码 {proc.returncode}）"
        print(f"整条命令 recap import … --yes（含 Python 启动与写文件）：{whole:.2f} 秒，{status}")


if __name__ == "__main__":
    main()
