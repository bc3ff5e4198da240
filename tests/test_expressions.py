"""The safe expression language: operators, None propagation, functions, forbidden syntax."""

from __future__ import annotations

from datetime import date

import pytest

from bot.questionnaire.expressions import (
    ExpressionSyntaxError,
    ExpressionTypeError,
    compile_expression,
)

ENV: dict[str, object] = {
    "status": "held",
    "present": 20,
    "members_total": 25,
    "members_exempt": 2,
    "absent_excused": 3,
    "absent_unexcused": 0,
    "steps": ["open", "discussion", "vote"],
    "start_time": "19:30",
    "end_time": "21:15",
    "meeting_date": "2026-03-05",
    "new_date": "2026-03-12",
    "ratio_min": 0.85,
    "a": True,
    "b": False,
    "missing": None,
    "zero": 0,
    "name": "Chi bộ 1",
}


def run(text: str, env: dict[str, object] | None = None) -> object:
    return compile_expression(text).evaluate(ENV if env is None else env)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # constants and literals
        ("1", 1),
        ("2.5", 2.5),
        ("'x'", "x"),
        ("True", True),
        ("None", None),
        ("[1, 2]", [1, 2]),
        ("(1, 'a')", [1, "a"]),
        # arithmetic
        ("present + 1", 21),
        ("members_total - members_exempt", 23),
        ("present * 2", 40),
        ("present / 4", 5.0),
        ("-present", -20),
        ("1 + 2 * 3", 7),
        ("'a' + 'b'", "ab"),
        ("[1] + [2]", [1, 2]),
        # comparisons, chained
        ("status == 'held'", True),
        ("status != 'held'", False),
        ("present < 21", True),
        ("present <= 20", True),
        ("present > 20", False),
        ("present >= 20", True),
        ("0 < present <= members_total - members_exempt", True),
        ("0 < present < 10", False),
        ("'discussion' in steps", True),
        ("'praise' in steps", False),
        ("'praise' not in steps", True),
        ("status in ['held', 'postponed']", True),
        ("status in ('cancelled',)", False),
        ("'bộ' in name", True),
        ("new_date > meeting_date", True),  # ISO dates order as text
        ("present + absent_excused + absent_unexcused == members_total - members_exempt", True),
        # boolean logic
        ("a and b", False),
        ("a or b", True),
        ("not b", True),
        ("not (a or b)", False),
        ("a and not b and status == 'held'", True),
        # conditional expression
        ("1 if a else 2", 1),
        ("1 if b else 2", 2),
        ("0.9 if status == 'held' else 0.5", 0.9),
        # functions
        ("len(steps)", 3),
        ("len(steps) >= 1", True),
        ("len('abc')", 3),
        ("count(steps)", 3),
        ("min(5)", 5),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2)", 3),
        ("min([4, 5])", 4),
        ("max('a', 'b')", "b"),
        ("round(2.6)", 3),
        ("round(2.345, 2)", 2.35),
        ("minutes_between(start_time, end_time)", 105),
        ("minutes_between('21:00', '19:00')", -120),
        ("days_between(meeting_date, new_date)", 7),
        ("days_between('2026-12-30', '2027-01-02')", 3),
        ("ratio(present, members_total - members_exempt) >= ratio_min", True),
        ("ratio(1, 4)", 0.25),
    ],
)
def test_evaluates(text: str, expected: object) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("missing + 1", None),
        ("1 - missing", None),
        ("missing * 2", None),
        ("missing / 2", None),
        ("-missing", None),
        ("missing == 1", None),
        ("missing != 1", None),
        ("missing < 1", None),
        ("1 >= missing", None),
        ("'x' in missing", None),
        ("missing in ['x']", None),
        ("not missing", None),
        ("missing and a", None),
        ("missing and b", False),  # False decides `and` even when the other side is unknown
        ("b and missing", False),
        ("missing or a", True),  # True decides `or`
        ("missing or b", None),
        ("0 < missing < 10", None),
        ("missing < 10 < 5", False),  # a definitely false link decides the chain
        ("1 if missing else 2", None),
        ("len(missing)", None),
        ("count(missing)", None),
        ("min(missing, 1)", None),
        ("max([1, missing])", None),
        ("round(missing)", None),
        ("minutes_between(missing, end_time)", None),
        ("days_between(meeting_date, missing)", None),
        ("ratio(missing, 2)", None),
        ("ratio(2, missing)", None),
        ("unbound_name + 1", None),  # an unanswered question is simply absent from the env
        ("present / zero", None),  # division by zero is unknown, not a crash
        ("ratio(present, zero)", None),
        ("ratio(present, members_total - members_total)", None),
    ],
)
def test_none_propagates(text: str, expected: object) -> None:
    assert run(text) == expected


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("status == 'held'", {"status"}),
        (
            "present <= members_total - members_exempt",
            {"present", "members_total", "members_exempt"},
        ),
        ("minutes_between(start_time, end_time)", {"start_time", "end_time"}),
        ("'discussion' in steps and len(steps) >= 1", {"steps"}),
        ("1 + 2", set()),
    ],
)
def test_names_are_the_free_names(text: str, names: set[str]) -> None:
    assert compile_expression(text).names == names


def test_literals_collected_for_option_checks() -> None:
    expr = compile_expression("status == 'held' and 'vote' in steps and kind in ['a', 'b']")
    assert set(expr.literals) == {
        ("status", "held"),
        ("steps", "vote"),
        ("kind", "a"),
        ("kind", "b"),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("__import__('os')", "call to '__import__' is not allowed"),
        ("__builtins__", "name '__builtins__' is not allowed"),
        ("a.b", "attribute access"),
        ("a[0]", "indexing"),
        ("a[1:2]", "indexing"),
        ("(lambda: 1)()", "only calls to named functions"),
        ("lambda: 1", "lambda"),
        ("[x for x in y]", "comprehensions"),
        ("{x for x in y}", "comprehensions"),
        ("(x for x in y)", "comprehensions"),
        ("open('f')", "call to 'open' is not allowed"),
        ("eval('1')", "call to 'eval' is not allowed"),
        ("len.__class__", "attribute access"),
        ("'x'.upper()", "attribute access"),
        ("{'a': 1}", "dict literals"),
        ("{1, 2}", "set literals"),
        ("f'{a}'", "f-strings"),
        ("(a := 1)", "':=' assignments"),
        ("2 ** 10", "operator Pow"),
        ("7 // 2", "operator FloorDiv"),
        ("7 % 2", "operator Mod"),
        ("a is None", "comparison 'is' is not allowed"),
        ("a is not None", "comparison 'is not' is not allowed"),
        ("~a", "operator Invert"),
        ("len(steps, x=1)", "keyword"),
        ("len()", "takes 1 arguments, got 0"),
        ("ratio(1)", "takes 2 arguments, got 1"),
        ("min(*steps)", "'*' unpacking"),
        ("b'x'", "constant b'x'"),
        ("1j", "constant 1j"),
        ("...", "constant Ellipsis"),
        ("a +", "invalid syntax"),
        ("x = 1", "invalid syntax"),
        ("", "empty"),
        ("   ", "empty"),
        ("1 +" + " 1 +" * 600 + " 1", "longer than"),
        ("-" * 80 + "1", "nested too deeply"),
    ],
)
def test_forbidden_syntax_fails_at_compile_time(text: str, problem: str) -> None:
    with pytest.raises(ExpressionSyntaxError) as info:
        compile_expression(text)
    assert problem in str(info.value)


def test_error_message_quotes_the_expression() -> None:
    with pytest.raises(ExpressionSyntaxError, match=r"expression 'a\.b': attribute access"):
        compile_expression("a.b")


@pytest.mark.parametrize(
    "text",
    [
        "'a' - 1",
        "'a' * 3",  # no string repetition: it could blow up memory
        "status < 1",
        "a + 1",  # booleans are not numbers here
        "-status",
        "1 in 5",
        "len(5)",
        "min(1, 'a')",
        "round('x')",
        "round(1.5, 'x')",
        "minutes_between('7pm', end_time)",
        "days_between('05/03/2026', new_date)",
        "ratio('a', 2)",
    ],
)
def test_type_errors_raise_at_evaluation(text: str) -> None:
    expr = compile_expression(text)  # the syntax is fine; the values are not
    with pytest.raises(ExpressionTypeError):
        expr.evaluate(ENV)


def test_function_arguments_accept_date_and_time_objects() -> None:
    from datetime import time

    env: dict[str, object] = {"d": date(2026, 3, 5), "t": time(19, 0)}
    assert run("days_between(d, '2026-03-06')", env) == 1
    assert run("minutes_between(t, '19:45')", env) == 45


def test_min_of_empty_list_is_unknown() -> None:
    assert run("min([])") is None


def test_expressions_compare_by_text_and_are_reusable() -> None:
    first = compile_expression("present > 1")
    assert first == compile_expression("present > 1")
    assert hash(first) == hash(compile_expression("present > 1"))
    assert first != compile_expression("present > 2")
    assert first.evaluate({"present": 2}) is True
    assert first.evaluate({"present": 0}) is False
    assert "present > 1" in repr(first)


def test_evaluation_never_reaches_python_builtins() -> None:
    # A name that happens to be a builtin is just an unbound (None) name.
    assert run("open") is None
    assert run("print == None") is None
