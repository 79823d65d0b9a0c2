"""Consistency checks a boss does in his head, run before any drafting.

Each check sets two figures of the notes against each other; when they disagree
the user is told (``recap plan``, warnings in ``recap draft``) and asked to confirm a
definition. Nothing here is ever written into the report.
"""

from __future__ import annotations

from assistant.analysis.model import ConsistencyWarning
from assistant.analysis.reading import QUARTER_NAMES, Reader

CAC_SPEND_TOLERANCE = 2.0  # CAC × new users may exceed paid spend this many times
MARGIN_TOLERANCE_POINTS = 0.5
QUARTER_TOLERANCE = 0.005  # 0.5 % of the year
SLOWING = ("放缓", "回落", "减速", "走弱")
SPEEDING = ("加速", "提速", "加快")
ADDITIVE_KINDS = ("money", "count")


def check(r: Reader) -> list[ConsistencyWarning]:
    out: list[ConsistencyWarning] = []
    out += _cac_vs_spend(r)
    out += _buyers_vs_new_users(r)
    out += _gross_margin(r)
    out += _quarters(r)
    out += _note_against_quarters(r)
    out += _channels_over_total(r)
    return out


def _cac_vs_spend(r: Reader) -> list[ConsistencyWarning]:
    if not r.has("check.cac_cost", "check.cac_cost_vs_spend"):
        return []
    if r.v("check.cac_cost_vs_spend") <= CAC_SPEND_TOLERANCE:
        return []
    spend = "ad_spend" if "ad_spend" in r.notes.metrics else "channels.paid_spend"
    msg = (f"获客成本{r.t('cac')}×新增用户{r.t('new_users')}约为{r.t('check.cac_cost')}，"
           f"是付费投入{r.t(spend)}的{r.t('check.cac_cost_vs_spend')}。")
    return [ConsistencyWarning(
        "cac-vs-spend", msg, ("cac", "new_users", "check.cac_cost", spend,
                              "check.cac_cost_vs_spend"),
        "请确认获客成本与新增用户的口径（例如获客成本是否只按付费带来的新客计算）。")]


def _buyers_vs_new_users(r: Reader) -> list[ConsistencyWarning]:
    if not r.has("check.implied_buyers", "new_users"):
        return []
    implied = r.fact("check.implied_buyers")
    new = r.fact("new_users")
    if implied is None or new is None or implied.base_value >= new.base_value:
        return []
    msg = (f"GMV {r.t('gmv')}÷客单价{r.t('aov')}推算出的成交买家约{r.t('check.implied_buyers')}，"
           f"比新增用户{r.t('new_users')}还少。")
    return [ConsistencyWarning(
        "buyers-vs-new-users", msg, ("gmv", "aov", "check.implied_buyers", "new_users"),
        "如果新增用户按首次下单统计，两者对不上；请确认新增用户是否包含只注册未下单的用户。")]


def _gross_margin(r: Reader) -> list[ConsistencyWarning]:
    if not r.has("gross_profit.of_gmv") or "gross_margin" not in r.notes.metrics:
        return []
    if abs(r.v("gross_profit.of_gmv") - r.v("gross_margin")) <= MARGIN_TOLERANCE_POINTS:
        return []
    msg = (f"毛利润{r.t('gross_profit')}÷GMV {r.t('gmv')}得到{r.t('gross_profit.of_gmv')}，"
           f"和填写的毛利率{r.t('gross_margin')}对不上。")
    return [ConsistencyWarning("gross-margin", msg,
                               ("gross_profit", "gmv", "gross_profit.of_gmv", "gross_margin"),
                               "请确认毛利率的口径（按GMV还是按实际收入计算），或改正其中一个数字。")]


def _quarters(r: Reader) -> list[ConsistencyWarning]:
    out = []
    for mid in r.notes.metrics:
        total, year = r.fact(f"{mid}.q_sum"), r.fact(mid)
        if total is None or year is None or year.kind.value not in ADDITIVE_KINDS:
            continue
        if not year.value or abs(total.value - year.value) <= abs(year.value) * QUARTER_TOLERANCE:
            continue
        msg = (f"{r.label(mid)}四个季度合计{total.text}，与全年{year.text}不一致。")
        out.append(ConsistencyWarning(f"quarters-{mid}", msg, (f"{mid}.q_sum", mid),
                                      "请核对季度数字或全年数字。"))
    return out


def _note_against_quarters(r: Reader) -> list[ConsistencyWarning]:
    out = []
    for mid in r.notes.metrics:
        note = r.note(mid)
        qoq = [i for i in range(2, 5) if r.has(f"{mid}.q{i}_qoq")]
        if note is None or len(qoq) < 3:
            continue
        last = f"{mid}.q4_qoq"
        fastest = max(qoq, key=lambda i: r.v(f"{mid}.q{i}_qoq"))
        slowest = min(qoq, key=lambda i: r.v(f"{mid}.q{i}_qoq"))
        said_slow = next((w for w in SLOWING if w in note.text), None)
        said_fast = next((w for w in SPEEDING if w in note.text), None)
        if said_slow and fastest == 4 and r.v(last) > 0:
            msg = (f"{r.label(mid)}的备注说“{_around(note.text, said_slow)}”，但{QUARTER_NAMES[3]}"
                   f"环比{r.p(last)}，是全年环比增速最快的季度。")
        elif said_fast and slowest == 4:
            msg = (f"{r.label(mid)}的备注说“{_around(note.text, said_fast)}”，但{QUARTER_NAMES[3]}"
                   f"环比{r.p(last)}，是全年环比增速最慢的季度。")
        else:
            continue
        out.append(ConsistencyWarning(
            f"note-{mid}", msg, (last,),
            "如果备注说的是同比增速，请在备注里写明“同比”；否则请改正备注，草稿不会替你选边。"))
    return out


def _around(text: str, word: str, width: int = 10) -> str:
    i = text.find(word)
    start = max(0, i - width)
    for sep in "，，；；。":
        j = text.rfind(sep, start, i)
        if j != -1:
            start = j + 1
    return text[start:i + len(word)]


def _channels_over_total(r: Reader) -> list[ConsistencyWarning]:
    if not r.has("channels.gmv_of_total") or r.v("channels.gmv_of_total") <= 100:
        return []
    msg = (f"各渠道带来的GMV合计{r.t('channels.total_gmv')}，超过了全店GMV {r.t('gmv')}。")
    return [ConsistencyWarning("channels-over-total", msg, ("channels.total_gmv", "gmv"),
                               "渠道GMV可能按各自后台归因重复计算了，请确认口径。")]
