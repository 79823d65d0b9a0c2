"""``build_plan``: the report's argument for one notes file in one style."""

from __future__ import annotations

from assistant.analysis import consistency
from assistant.analysis import judgements as jb
from assistant.analysis.model import Gap, Judgement, ProblemPlan, ReportPlan, StyleFit
from assistant.analysis.problems import link_problems
from assistant.analysis.reading import Reader
from assistant.analysis.thesis import thesis, voice
from assistant.facts import FactSet
from assistant.notes.schema import Notes
from assistant.styles import PlannedSection, Style, get_style

KEY_JUDGEMENTS = 5


def derive_judgements(notes: Notes, facts: FactSet) -> tuple[list[Judgement], list[ProblemPlan]]:
    """Every judgement the notes support (unordered) and the problem -> plan pairs."""
    r = Reader(notes, facts)
    found: list[Judgement] = []
    for build in (jb.growth_quality, jb.targets, jb.cost_value, jb.channels, jb.seasonality,
                  jb.projects, jb.campaigns):
        found += build(r)
    pairs, problem_judgements = link_problems(r)
    return found + problem_judgements, pairs


def _item_of(j: Judgement) -> tuple[str, int] | None:
    """(``projects`` | ``campaigns``, 0-based index) of a judgement about one item."""
    for table in ("projects", "campaigns"):
        if j.origin.startswith(table + "["):
            return table, int(j.origin[len(table) + 1:].split("]", 1)[0]) - 1
    return None


def _sections_for(j: Judgement, outline: list[PlannedSection], notes: Notes) -> list[str]:
    item = _item_of(j)
    repeated_table = "projects" if notes.projects else "campaigns"
    out = []
    for p in outline:
        if p.missing or j.kind not in p.spec.argues:
            continue
        if p.id.startswith("project-") and p.level == 3 and item != (repeated_table, p.index):
            continue
        out.append(p.id)
    return out


def style_fit(notes: Notes, style: Style) -> StyleFit | None:
    """Whether the notes suit ``style``; when not, the style that fits."""
    shop_like = bool(notes.channels or "gmv" in notes.metrics)
    if style.name == "project" and not notes.projects:
        return StyleFit(style.name, "data" if shop_like else "narrative",
                        "这份素材是店铺整体的经营数据，没有个人负责的项目，"
                        "用项目制风格写会把整店的成绩说成一个人的项目")
    if style.name == "data" and notes.projects and (not notes.metrics or (
            voice(notes, style.name) == "我" and not shop_like)):
        return StyleFit(style.name, "project",
                        "这份素材是个人视角的项目复盘，没有店铺整体的经营数据，"
                        "数据驱动型风格适合店铺或团队向管理层汇报")
    if style.name == "narrative" and notes.projects and voice(notes, style.name) == "我":
        return StyleFit(style.name, "project",
                        "这份素材是个人视角的项目复盘，叙事型风格适合部门负责人做年度述职，"
                        "会让个人总结谈起公司战略")
    if style.name == "narrative" and not (notes.campaigns or notes.projects or notes.team.initiatives
                                          or notes.review.highlights):
        return StyleFit(style.name, "data",
                        "这份素材没有战役、项目或团队方面的内容，叙事型风格没有故事可讲")
    return None


def build_plan(notes: Notes, facts: FactSet, style: Style | str | None = None) -> ReportPlan:
    """The report plan of ``notes`` in ``style`` (default: the notes' own style)."""
    st = style if isinstance(style, Style) else get_style(style or notes.effective_style())
    outline = st.outline(notes)
    order = {p.id: k for k, p in enumerate(outline)}
    found, pairs = derive_judgements(notes, facts)
    for j in found:
        j.sections = _sections_for(j, outline, notes)
    placed = [j for j in found if j.sections]
    placed.sort(key=lambda j: (order[j.sections[0]], -j.weight))
    word = voice(notes, st.name)
    thesis_text, thesis_id = thesis(notes, placed, word)
    key_ids = {j.id for j in sorted(placed, key=lambda j: -j.weight)[:KEY_JUDGEMENTS]}
    key_ids.add(thesis_id)
    key = [j for j in placed if j.id in key_ids]
    details = [j for j in placed if j.id not in key_ids]
    owners: dict[str, str] = {}
    for p in outline:
        for j in placed:
            if p.id in j.sections:
                for fid in j.evidence:
                    owners.setdefault(fid, p.id)
    gaps = [Gap(p.id, p.missing, p.spec.question) for p in outline if p.missing]
    return ReportPlan(
        style=st.name, voice=word, thesis=thesis_text, thesis_id=thesis_id,
        judgements=key, details=details, owners=owners, problem_plan=pairs,
        warnings=consistency.check(Reader(notes, facts)), gaps=gaps,
        style_fit=style_fit(notes, st),
    )
