"""Five data-style replies of a strong model that obeys the new prompts, through the real chain.

The replies below are written as such a model would write them for the shop sample:
the plan's judgements in order, a metric named once, verbatim notes numbers where
they read naturally, no 【待补充】, and no figure restated in a later section.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fakeserver import FakeOpenAI, point_recap_at
from paths import SAMPLES

from assistant.drafting import DraftContext, SectionRequest
from assistant.llm.backend import LLMDrafter
from assistant.llm.config import load_llm_config
from assistant.numbers import find_numbers

REPLIES = {
    "kpi": """### 整体销售业绩（GMV）
全年GMV为{{gmv}}，同比{{gmv.yoy}}，规模继续扩大，但没有完成年初的目标：目标完成率{{gmv.completion}}，\
全年{{gmv.gap}}。节奏上，旺季集中在第四季度：四季度贡献了全年的{{gmv.q4_share}}，环比{{gmv.q4_qoq}}，\
靠的是双十一、双十二的集中冲高；二、三季度则主要由618和品牌周年庆拉动。

### 盈利能力分析
规模在涨，利润却没有跟上。净利润同比{{net_profit.yoy}}，净利率从去年的{{net_profit.of_gmv.last_year}}\
降到{{net_profit.of_gmv}}；营销费用占GMV的比重由{{margin.cost_share.last_year}}升至{{margin.cost_share}}。\
毛利率较去年{{gross_margin.diff}}，说明供应链优化降低了采购成本、高毛利新品推广见效，问题不在货品端，\
而在付费流量成本的上涨吃掉了利润。这意味着明年增长的质量比速度更重要。

### 用户数据分析
新客获取同样没有达标，完成率为{{new_users.completion}}。复购率达到{{repurchase_rate}}，比去年\
{{repurchase_rate.diff}}，客单价同比{{aov.yoy}}，老客的价值在提升；要把增长从“买流量”转向“留住人”，\
会员和私域还要继续加码。""",
    "operations": """### 流量获取与渠道管理
获客成本上涨快于客单价，这是利润承压最直接的原因。获客成本为{{cac}}，同比{{cac.yoy}}，已相当于客单价的\
{{cac.of_aov}}，去年这一比例是{{cac.of_aov.last_year}}。渠道效率明显分化：直通车的ROI为{{channel1.roi}}，\
却花掉了{{channel1.spend_share}}的投放预算；抖音信息流的ROI达到{{channel3.roi}}。下半年加大短视频种草与\
直播投入后，转化潜力已经初步验证，明年的预算应当向效率更高的渠道倾斜。

### 转化率优化与用户体验
转化率为{{conversion_rate}}，离目标仍有距离。客服的首次响应时间为{{first_response_seconds}}，\
服务体验不是短板，转化的瓶颈更多在流量质量和详情页的说服力上，这是明年要补的课。

### 商品运营与供应链管理
库存周转天数{{inventory_turnover_days.diff}}，周转效率明显改善，供应链优化也降低了采购成本。\
私域方面，企微社群与公众号沉淀用户{{channel4.users}}，用户池初具规模，但社群内容同质化、缺乏分层运营，\
还没有成为稳定的复购来源。""",
    "problems": """- **双十一备货不足**：双十一期间两款爆款断货，错过了全年最重要的销售窗口，也伤害了老客的体验。\
根源在于库存预警滞后，备货计划没有跟上活动节奏。
- **内容生产未标准化，爆款打造偶然性强**：爆款更多依赖个别内容的运气，缺少可以复制的选题、拍摄和投放流程，\
好的经验没有沉淀下来。
- **获客成本高企，过度依赖付费推广**：前文所述的获客成本上涨和渠道分化说明，增长仍然主要靠买流量，\
利润被持续侵蚀。
- **用户粘性不足，生命周期管理不完善**：日活只占月活的{{dau.of_mau}}，用户来了留不住，会员体系还没有形成\
分层运营。""",
    "plan": """### 目标设定
明年GMV目标为{{plan.gmv}}，较本年{{plan.gmv.growth}}；复购率目标为{{plan.repurchase_rate}}。\
目标的重点不是单纯冲规模，而是在增长的同时把净利率拉回来。

### 核心策略
- **公域加私域双轮驱动**：自然流量占比提升至45%，减少对付费推广的依赖，直接回应获客成本高企的问题。
- **会员成长体系和积分商城**：用分层权益提升用户粘性，把一次性购买变成长期关系。
- **库存预警优化**：爆款缺货率降至2%以下，避免大促断货重演。
- **内容生产标准化**：沉淀选题、拍摄和投放的流程，让爆款从偶然变成可以复制。""",
    "summary": """这一年，我们的规模继续扩大，但增收不增利是最需要正视的问题：流量越来越贵，利润没有跟上规模。\
好的一面是，高毛利新品和供应链优化证明了货品端的竞争力，新品上新36款，其中4款成为爆款。明年我们把增长的质量\
放在第一位：控住获客成本，做深私域和会员，把爆款的方法沉淀下来，让每一分增长都更赚钱。""",
}


pytestmark = pytest.mark.usefixtures("warm_model_imports")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as srv:
        point_recap_at(monkeypatch, srv.base_url, model="strong-model",
                       llm="timeout = 5\nmax_retries = 0\n")
        yield srv


def test_a_strong_models_draft_has_no_gaps_and_no_figure_twice(server: FakeOpenAI) -> None:
    for sid, reply in REPLIES.items():
        server.script(sid, reply)
    ctx = DraftContext.from_notes_file(SAMPLES[0], "data")
    drafter = LLMDrafter(load_llm_config())
    results = drafter.draft(ctx, [SectionRequest(p) for p in ctx.outline()])
    bodies = {}
    for result in results:
        assert result.ok and not result.flags, (result.id, result.flags)
        assert result.calls == 1, result.id  # obeying the prompts: nothing sent back
        body = result.body or ""
        assert "【待补充" not in body and "{{" not in body
        bodies[result.id] = body
    assert drafter.gaps == {}
    figures = {sid: {m.text for m in find_numbers(body, year=2025) if m.unit}
               for sid, body in bodies.items()}
    for a in figures:
        for b in figures:
            if a < b:
                assert not figures[a] & figures[b], (a, b, figures[a] & figures[b])
    assert len(figures["summary"]) <= 3  # the closing states the thesis, not the numbers
