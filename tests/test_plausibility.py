"""Numbers that are valid but probably wrong are found (and said in Chinese)."""

from __future__ import annotations

from paths import SAMPLES

from assistant.notes import load_notes, parse_notes_text
from assistant.notes.plausibility import check_plausibility

HEAD = '[report]\ntitle = "总结"\nyear = 2025\n\n'


def doubts(body: str) -> dict[str, str]:
    """Every doubt's message by the field it is about (several joined with a space)."""
    found: dict[str, str] = {}
    for d in check_plausibility(parse_notes_text(HEAD + body)):
        found[d.path] = (found.get(d.path, "") + " " + d.message).strip()
    return found


def test_the_samples_raise_no_doubt() -> None:
    for sample in SAMPLES:
        assert check_plausibility(load_notes(sample)) == []


def test_a_negative_gmv() -> None:
    found = doubts("[metrics.gmv]\nvalue = -5860\n")
    assert "负数" in found["metrics.gmv.value"]


def test_a_net_loss_is_allowed() -> None:
    assert doubts("[metrics.net_profit]\nvalue = -120\n") == {}


def test_gmv_typed_in_yuan_into_a_wan_yuan_question() -> None:
    found = doubts("[metrics.gmv]\nvalue = 58600000\ntarget = 6000\nlast_year = 4720\n")
    message = found["metrics.gmv.value"]
    assert "976666.7%" in message and "单位" in message and "万元" in message


def test_a_fractional_product_count() -> None:
    found = doubts("[metrics.new_products]\nvalue = 4.8\n")
    assert "整数" in found["metrics.new_products.value"]


def test_a_margin_that_disagrees_with_profit_over_gmv() -> None:
    found = doubts("[metrics.gmv]\nvalue = 5860\n\n[metrics.gross_profit]\nvalue = 2340\n\n"
                   "[metrics.gross_margin]\nvalue = 42\n")
    assert "39.9%" in found["metrics.gross_margin.value"]
    agreeing = doubts("[metrics.gmv]\nvalue = 5860\n\n[metrics.gross_profit]\nvalue = 2340\n\n"
                      "[metrics.gross_margin]\nvalue = 39.9\n")
    assert agreeing == {}


def test_a_custom_rate_over_100_percent() -> None:
    found = doubts('[metrics.member_repurchase]\nlabel = "会员复购率"\nvalue = 124\nunit = "%"\n')
    assert "0 到 100" in found["metrics.member_repurchase.value"]


def test_product_shares_adding_up_to_more_than_100() -> None:
    found = doubts('[[products]]\nsegment = "引流款"\nsales_share = 70\n\n'
                   '[[products]]\nsegment = "利润款"\nsales_share = 60\n')
    assert "超过 100%" in found["products.sales_share"]


def test_quarters_in_another_unit_than_the_year() -> None:
    found = doubts("[metrics.gmv]\nvalue = 5860\nquarterly = [1, 2, 3, 4]\n")
    assert "metrics.gmv.quarterly" in found
