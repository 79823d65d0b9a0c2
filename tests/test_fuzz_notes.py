"""Hostile notes files (issue 14 items 2, 3, 9): odd numbers, wrong types, ids, nesting.

Property-based: hypothesis writes notes files with any float (nan, inf, 1e308,
5e-324, huge integers) or a value of the wrong type in every number field. Each
file is either refused at load (``NotesError``: exit 2, field path, Chinese reason)
or drafts, checks and builds only finite facts. Never a traceback.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from fuzz_support import changed, recap, snapshot, write_notes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.errors import InputError, NotesError
from assistant.facts import build_facts
from assistant.notes import parse_notes_text

HEAD = '[report]\ntitle = "测试年终总结"\nyear = 2025\n'

# Numbers that broke the fact engine, plus anything hypothesis finds.
EDGE_FLOATS = [math.nan, math.inf, -math.inf, 1e308, 1.7e308, -1.7e308, 5e-324, -5e-324,
               0.0, -0.0, 1.7976931348623157e308, 2.2250738585072014e-308]
numbers = st.one_of(
    st.sampled_from(EDGE_FLOATS),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
)


def toml_number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return repr(value)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (every control character escaped)."""
    out = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) == 0x7F or c in '"\\' else c
                  for c in text)
    return f'"{out}"'


def notes_with(n: dict[str, float | int]) -> str:
    q = ", ".join(toml_number(n[f"q{i}"]) for i in range(1, 5))
    return HEAD + f"""
[metrics.gmv]
value = {toml_number(n["gmv"])}
target = {toml_number(n["target"])}
last_year = {toml_number(n["last_year"])}
quarterly = [{q}]

[metrics.dau]
value = {toml_number(n["dau"])}

[metrics.mau]
value = {toml_number(n["mau"])}

[metrics.gross_profit]
value = {toml_number(n["gp"])}

[[channels]]
name = "直通车"
spend = {toml_number(n["spend1"])}
gmv = {toml_number(n["cgmv1"])}

[[channels]]
name = "社群"
spend = {toml_number(n["spend2"])}
gmv = {toml_number(n["cgmv2"])}

[[products]]
segment = "引流款"
sku_share = {toml_number(n["share"])}

[plan.targets.gmv]
value = {toml_number(n["plan"])}
"""


FIELDS = ["gmv", "target", "last_year", "q1", "q2", "q3", "q4", "dau", "mau", "gp",
          "spend1", "cgmv1", "spend2", "cgmv2", "share", "plan"]


def _is_finite_float(value: float | int) -> bool:
    if isinstance(value, int):
        try:
            return math.isfinite(float(value))
        except OverflowError:
            return False
    return math.isfinite(value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({name: numbers for name in FIELDS}))
def test_any_number_is_refused_at_load_or_gives_finite_facts(values: dict[str, float | int]) -> None:
    text = notes_with(values)
    try:
        notes = parse_notes_text(text, "fuzz.toml")
    except NotesError as exc:
        message = str(exc)
        assert "fuzz.toml" in message and "字段" in message
        if not all(_is_finite_float(v) for v in values.values()):
            return  # nan, inf and unrepresentable integers must end here
        return  # a finite number outside a range (negative spend, share over 100)
    assert all(_is_finite_float(v) for v in values.values()), "non-finite number accepted"
    facts = build_facts(notes)
    for fact in facts:
        assert math.isfinite(fact.value), fact
        assert "inf" not in fact.text and "nan" not in fact.text, fact


finite = st.one_of(st.sampled_from([f for f in EDGE_FLOATS if math.isfinite(f)]),
                   st.floats(allow_nan=False, allow_infinity=False))
non_negative = finite.map(abs)
VALID_FIELDS = {name: finite for name in FIELDS} | {
    name: non_negative for name in ("spend1", "cgmv1", "spend2", "cgmv2")} | {
    "share": st.floats(min_value=0, max_value=100)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries(VALID_FIELDS))
def test_any_finite_numbers_draft_and_check_with_finite_facts(values: dict[str, float]) -> None:
    from assistant.checker import check_draft
    from assistant.drafting import DraftContext, draft_report
    from assistant.offline import OfflineDrafter

    with tempfile.TemporaryDirectory() as tmp:
        notes_path = Path(tmp) / "n.toml"
        notes_path.write_text(notes_with(values), encoding="utf-8")
        ctx = DraftContext.from_notes_file(notes_path)  # valid by construction: must load
        assert all(math.isfinite(f.value) for f in ctx.facts)
        draft, results = draft_report(ctx, OfflineDrafter(), Path(tmp) / "d.md")
        assert all(r.ok for r in results)
        text = draft.to_text()
        assert "inf" not in text.replace("Info", "") and "nan" not in text
        check_draft(draft, ctx.facts, year=2025)


@pytest.mark.parametrize("literal", ["nan", "inf", "-inf", "+nan", "+inf"])
@pytest.mark.parametrize("field", ["value", "target", "last_year"])
def test_non_finite_is_refused_with_the_field_path(field: str, literal: str) -> None:
    extra = "" if field == "value" else "value = 1\n"
    with pytest.raises(NotesError) as err:
        parse_notes_text(HEAD + f"[metrics.gmv]\n{extra}{field} = {literal}\n", "n.toml")
    assert f"metrics.gmv.{field}" in str(err.value)
    assert "应为有限的数字" in str(err.value)


# Values of the wrong type for a number field: strings (also numeric ones), booleans,
# lists, tables, dates.
wrong_types = st.one_of(
    st.text(max_size=30).map(lambda s: toml_string(s)),
    st.sampled_from(['"5860"', '"1e3"', '"nan"', "true", "false", "[1, 2]", "{ a = 1 }",
                     "2025-01-01", "12:00:00", '"５８６０"', '""']),
)
number_paths = st.sampled_from([
    ("[metrics.gmv]\n", "value"), ("[metrics.gmv]\nvalue = 1\n", "target"),
    ("[metrics.gmv]\nvalue = 1\n", "last_year"), ("[[channels]]\nname = \"a\"\n", "spend"),
    ("[[products]]\nsegment = \"a\"\n", "sku_share"), ("[team]\n", "size"),
    ("[plan.targets.gmv]\n", "value"),
])


@settings(max_examples=200, deadline=None)
@given(number_paths, wrong_types)
def test_wrong_types_are_refused_not_coerced(where: tuple[str, str], literal: str) -> None:
    table, field = where
    with pytest.raises(NotesError) as err:
        parse_notes_text(HEAD + f"{table}{field} = {literal}\n", "n.toml")
    assert field in str(err.value)


@pytest.mark.parametrize("literal", ['["1020", "1380", "1450", "2010"]', "[true, 1, 2, 3]",
                                     "[1, 2, 3, nan]"])
def test_quarterly_items_are_strict(literal: str) -> None:
    with pytest.raises(NotesError) as err:
        parse_notes_text(HEAD + f"[metrics.gmv]\nvalue = 1\nquarterly = {literal}\n")
    assert "metrics.gmv.quarterly" in str(err.value)


def test_year_and_team_size_refuse_booleans_and_strings() -> None:
    for body in ('[team]\nsize = true\n', '[team]\nsize = "12"\n'):
        with pytest.raises(NotesError, match=r"team\.size"):
            parse_notes_text(HEAD + body)
    with pytest.raises(NotesError, match=r"report\.year"):
        parse_notes_text('[report]\ntitle = "t"\nyear = "2025"\n')


@pytest.mark.parametrize("body", [
    '[metrics."gmv.target"]\nvalue = 1\nlabel = "x"\n[metrics.gmv]\nvalue = 2\ntarget = 3\n',
    '[metrics."gmv.yoy"]\nvalue = 1\nlabel = "x"\n[metrics.gmv]\nvalue = 2\nlast_year = 1\n',
    '[metrics."count.channels"]\nvalue = 1\nlabel = "x"\n[[channels]]\nname = "a"\n',
    '[plan.targets."gmv.growth"]\nvalue = 1\nlabel = "x"\n',
    '[metrics.plan]\nvalue = 1\nlabel = "计划"\ntarget = 2\n[plan.targets.target]\nvalue = 2\nlabel = "y"\n',
])
def test_an_id_that_collides_with_a_derived_fact_is_a_clear_error(body: str, tmp_path: Path) -> None:
    notes = write_notes(tmp_path, body)
    before = snapshot(tmp_path)
    run = recap("draft", str(notes), "-o", "out.md", cwd=tmp_path)
    run.assert_clean(2)
    assert "duplicate" not in run.err and "重名" in run.err
    assert changed(before, snapshot(tmp_path)) == [] and not (tmp_path / "out.md").exists()


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=50, max_value=20_000), st.sampled_from(["[]", "{}"]))
def test_deep_nesting_is_a_clear_error(depth: int, brackets: str) -> None:
    nested = {"{}": "{ a = " * depth + "1" + " }" * depth, "[]": "[" * depth + "1" + "]" * depth}
    value = nested[brackets]
    try:
        notes = parse_notes_text(HEAD + f"[review]\nnotes = {value}\n", "deep.toml")
    except NotesError as exc:
        assert "deep.toml" in str(exc)
        return
    raise AssertionError(f"nested value accepted: {notes.review.notes!r:.80}")


def test_deep_nesting_through_the_command_line(tmp_path: Path) -> None:
    notes = write_notes(tmp_path, "x = " + "[" * 5000 + "]" * 5000 + "\n")
    run = recap("draft", str(notes), "-o", "out.md", cwd=tmp_path)
    run.assert_clean(2)
    assert "嵌套" in run.err


@pytest.mark.parametrize("body", [
    "[metrics.dau]\nvalue = 1e308\n[metrics.mau]\nvalue = 1\n",
    "[metrics.gmv]\nvalue = 1e308\nquarterly = [1e308, 1e308, 1e308, 1e308]\n",
    '[[channels]]\nname = "a"\nspend = 1.7e308\ngmv = 1.7e308\n'
    '[[channels]]\nname = "b"\nspend = 1.7e308\ngmv = 1.7e308\n',
    "[metrics.gmv]\nvalue = 5860\nlast_year = 5e-324\ntarget = 5e-324\n",
    "[metrics.gmv]\nvalue = 1.7e308\ntarget = -1.7e308\n",
])
def test_overflowing_derivations_draft_check_regen_and_export(body: str, tmp_path: Path) -> None:
    notes = write_notes(tmp_path, body)
    draft = recap("draft", str(notes), "-o", "d.md", cwd=tmp_path)
    draft.assert_clean(0)
    facts = build_facts(parse_notes_text(notes.read_text(encoding="utf-8")))
    assert all(math.isfinite(f.value) for f in facts)
    recap("check", "d.md", cwd=tmp_path).assert_clean(0, 1)
    recap("regen", "d.md", "-s", "kpi", cwd=tmp_path).assert_clean(0)
    recap("export", "d.md", "-o", "d.html", cwd=tmp_path).assert_clean(0)
    assert "inf" not in (tmp_path / "d.md").read_text(encoding="utf-8")


def test_two_channels_of_1_7e308_share_half_each() -> None:
    notes = parse_notes_text(HEAD + '[[channels]]\nname = "a"\nspend = 1.7e308\n'
                             '[[channels]]\nname = "b"\nspend = 1.7e308\n')
    facts = build_facts(notes)
    assert facts["channel1.spend_share"].text == "50%"
    assert "channels.total_spend" not in facts  # the sum overflows: no fact, no inf


def test_many_problems_are_counted_not_all_listed() -> None:
    body = "".join(f'[metrics.m{i}]\nvalue = "{i}"\nlabel = "x"\n' for i in range(500))
    with pytest.raises(NotesError) as err:
        parse_notes_text(HEAD + body)
    message = str(err.value)
    assert "500 处问题" in message and "另有 480 处" in message
    assert message.count("\n") < 40


def test_a_number_field_holding_a_megabyte_is_quoted_short() -> None:
    with pytest.raises(NotesError) as err:
        parse_notes_text(HEAD + '[metrics.gmv]\nvalue = "' + "9" * 1_000_000 + '"\n')
    assert len(str(err.value)) < 1000


def test_an_input_error_never_mentions_python() -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.raises(InputError) as err:
        from assistant.notes import load_notes

        load_notes(Path(tmp))
    assert "Error" not in str(err.value)
