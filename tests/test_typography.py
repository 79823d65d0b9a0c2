"""The typography normaliser: full-width marks beside Chinese, ASCII inside numbers and code."""

from assistant.typography import (
    COLON,
    COMMA,
    LPAREN,
    RPAREN,
    SEMICOLON,
    ascii_marks_touching_chinese,
    fullwidth,
    to_ascii_punctuation,
)


def test_marks_beside_chinese_become_full_width_and_numbers_stay_ascii():
    text = fullwidth("GMV为5,860万元,同比增长24.2%;直通车投入420万元(占42.9%)")
    assert text == f"GMV为5,860万元{COMMA}同比增长24.2%{SEMICOLON}直通车投入420万元{LPAREN}占42.9%{RPAREN}"
    assert ascii_marks_touching_chinese(text) == []


def test_code_comments_urls_and_english_are_left_alone():
    text = "见 `recap regen --section kpi`:<!-- section: kpi --> https://x.cn/a?b=1,2 He said (hi), ok"
    out = fullwidth(text)
    assert "`recap regen --section kpi`" in out and "<!-- section: kpi -->" in out
    assert "https://x.cn/a?b=1,2" in out and "He said (hi), ok" in out
    assert out.startswith("见 `recap")


def test_bold_labels_and_spaces_after_marks():
    assert fullwidth("**年度总GMV**: 全年") == f"**年度总GMV**{COLON}全年"
    assert fullwidth("时间12:30开始") == "时间12:30开始"


def test_round_trip_to_ascii_for_matching():
    assert to_ascii_punctuation(fullwidth("增长(约)24%,好")) == "增长(约)24%,好"


def test_a_url_does_not_swallow_the_chinese_after_it():
    out = fullwidth("检查 http://127.0.0.1:8000/v1,或用 --backend offline")
    assert out == f"检查 http://127.0.0.1:8000/v1{COMMA}或用 --backend offline"


def test_brackets_around_inline_code_and_soft_line_breaks():
    out = fullwidth("直接运行 `recap`(或 `recap session`):它会\n找到文件,放在 `a.md`,\n每一节")
    assert out == (f"直接运行 `recap`{LPAREN}或 `recap session`{RPAREN}{COLON}它会\n"
                   f"找到文件{COMMA}放在 `a.md`{COMMA}\n每一节")


def test_a_scheme_colon_stays_ascii():
    assert fullwidth("应以 http:// 或 https:// 开头") == "应以 http:// 或 https:// 开头"
