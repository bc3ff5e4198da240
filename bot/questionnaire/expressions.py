"""A small, safe expression language for conditions, checks, derived values and rubric criteria."""

# Expressions are parsed with `ast` and interpreted by a whitelist evaluator; nothing is ever
# handed to `eval`, `exec` or `compile`. Missing answers are `None` and propagate ("unknown").

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from typing import Any

Evaluator = Callable[[Mapping[str, object]], object]
MAX_TEXT_LENGTH = 1000
MAX_DEPTH = 60  # nested parentheses beyond this are no real condition, only a risk


class ExpressionError(ValueError):
    """An expression outside the language, or applied to values of the wrong kind."""


class ExpressionSyntaxError(ExpressionError):
    """Raised by `compile_expression`: the text is not a valid expression of the language."""


class ExpressionTypeError(ExpressionError):
    """Raised by `Expression.evaluate`: an operator or function got values it cannot use."""


def _is_number(value: object) -> bool:
    """Numbers for arithmetic; bools are excluded so `True + 1` is a type error, not 2."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: object) -> str:
    return type(value).__name__


def _as_minutes(value: object) -> int:
    """ "HH:MM" (or a `time`) as minutes after midnight."""
    if isinstance(value, time):
        return value.hour * 60 + value.minute
    hours, _, minutes = str(value).partition(":")
    valid = isinstance(value, str) and hours.isdigit() and minutes.isdigit()
    if valid and int(hours) < 24 and int(minutes) < 60:
        return int(hours) * 60 + int(minutes)
    raise ExpressionTypeError(f"minutes_between() expects times as 'HH:MM', got {value!r}")


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return date.fromisoformat(value)
    raise ExpressionTypeError(f"days_between() expects ISO dates 'YYYY-MM-DD', got {value!r}")


def _unknown_if_missing(function: Callable[..., object]) -> Callable[..., object]:
    """Any None argument makes the result None: missing answers propagate."""

    def wrapper(*args: object) -> object:
        return None if any(arg is None for arg in args) else function(*args)

    return wrapper


@_unknown_if_missing
def _count(value: object) -> object:
    if isinstance(value, list | tuple | str):
        return len(value)
    raise ExpressionTypeError(f"len()/count() expects a list or text, got {_kind(value)}")


def _extreme(pick: Callable[[Any], object]) -> Callable[..., object]:
    """min or max of several values or of one list; None if any value is missing."""

    def function(*args: object) -> object:
        items = args[0] if len(args) == 1 and isinstance(args[0], list | tuple) else args
        if not items or any(item is None for item in items):
            return None
        if all(_is_number(i) for i in items) or all(isinstance(i, str) for i in items):
            return pick(items)
        raise ExpressionTypeError("min()/max() expect only numbers or only texts")

    return function


@_unknown_if_missing
def _round(value: object, digits: object = 0) -> object:
    if not _is_number(value) or not _is_number(digits) or isinstance(digits, float):
        raise ExpressionTypeError("round() expects a number and a whole number of digits")
    assert isinstance(value, int | float) and isinstance(digits, int)
    return round(value, digits) if digits else round(value)


@_unknown_if_missing
def _minutes_between(start: object, end: object) -> object:
    return _as_minutes(end) - _as_minutes(start)


@_unknown_if_missing
def _days_between(first: object, second: object) -> object:
    return (_as_date(second) - _as_date(first)).days


@_unknown_if_missing
def _ratio(numerator: object, denominator: object) -> object:
    if not (_is_number(numerator) and _is_number(denominator)):
        raise ExpressionTypeError("ratio() expects two numbers")
    assert isinstance(numerator, int | float) and isinstance(denominator, int | float)
    return None if denominator == 0 else numerator / denominator


@_unknown_if_missing
def _add_minutes(moment: object, minutes: object) -> object:
    """ "HH:MM" plus some minutes, within the same day (None past midnight)."""
    if not _is_number(minutes):
        raise ExpressionTypeError("add_minutes() expects a time and a number of minutes")
    assert isinstance(minutes, int | float)
    total = _as_minutes(moment) + int(minutes)
    return f"{total // 60:02d}:{total % 60:02d}" if 0 <= total < 24 * 60 else None


# name -> (fewest arguments, most arguments or None for any, implementation)
FUNCTIONS: dict[str, tuple[int, int | None, Callable[..., object]]] = {
    "len": (1, 1, _count),
    "count": (1, 1, _count),
    "min": (1, None, _extreme(min)),
    "max": (1, None, _extreme(max)),
    "round": (1, 2, _round),
    "minutes_between": (2, 2, _minutes_between),
    "days_between": (2, 2, _days_between),
    "ratio": (2, 2, _ratio),
    "add_minutes": (2, 2, _add_minutes),
}

_FORBIDDEN: dict[type[ast.AST], str] = {
    ast.Attribute: "attribute access ('.name')", ast.Subscript: "indexing or slicing ('[...]')",
    ast.Lambda: "lambda", ast.ListComp: "comprehensions", ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions", ast.GeneratorExp: "comprehensions",
    ast.Dict: "dict literals", ast.Set: "set literals", ast.JoinedStr: "f-strings",
    ast.NamedExpr: "':=' assignments", ast.Starred: "'*' unpacking",
}  # fmt: skip
_BIN_OPS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMP_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.In, ast.NotIn)
_ORDER: dict[type[ast.cmpop], tuple[str, Callable[[Any, Any], Any]]] = {
    ast.Lt: ("<", operator.lt), ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt), ast.GtE: (">=", operator.ge),
}  # fmt: skip


@dataclass(frozen=True)
class _Compiled:
    evaluator: Evaluator
    names: frozenset[str]
    literals: tuple[tuple[str, str], ...]


class _Checker:
    """Walks a parsed tree once: rejects what is not in the language, collects free names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.names: set[str] = set()
        self.literals: list[tuple[str, str]] = []

    def fail(self, problem: str) -> ExpressionSyntaxError:
        return ExpressionSyntaxError(f"expression {self.text!r}: {problem}")

    def check(self, node: ast.AST, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise self.fail("nested too deeply")
        deeper = depth + 1
        match node:
            case ast.Constant(value=value):
                if not (value is None or isinstance(value, bool | int | float | str)):
                    raise self.fail(f"constant {value!r} is not allowed")
            case ast.Name(id=name):
                if name.startswith("__"):
                    raise self.fail(f"name {name!r} is not allowed")
                self.names.add(name)
            case ast.List(elts=items) | ast.Tuple(elts=items):
                for item in items:
                    self.check(item, deeper)
            case ast.BoolOp(values=operands):
                for operand in operands:
                    self.check(operand, deeper)
            case ast.UnaryOp(op=op, operand=operand):
                if not isinstance(op, ast.Not | ast.USub):
                    raise self.fail(
                        f"operator {type(op).__name__} is not allowed (use 'not' or '-')"
                    )
                self.check(operand, deeper)
            case ast.BinOp(left=left, op=op, right=right):
                if type(op) not in _BIN_OPS:
                    raise self.fail(f"operator {type(op).__name__} is not allowed (use + - * /)")
                self.check(left, deeper)
                self.check(right, deeper)
            case ast.Compare(left=left, ops=ops, comparators=comparators):
                for cmp in ops:
                    if not isinstance(cmp, _CMP_OPS):
                        symbol = {ast.Is: "is", ast.IsNot: "is not"}.get(type(cmp), "?")
                        raise self.fail(f"comparison '{symbol}' is not allowed (use == or !=)")
                self.check(left, deeper)
                for comparator in comparators:
                    self.check(comparator, deeper)
                self.collect_literals([left, *comparators], ops)
            case ast.IfExp(test=test, body=body, orelse=orelse):
                for part in (test, body, orelse):
                    self.check(part, deeper)
            case ast.Call():
                self.check_call(node, deeper)
            case _:
                problem = _FORBIDDEN.get(type(node), f"'{type(node).__name__}' syntax")
                raise self.fail(f"{problem} is not allowed")

    def check_call(self, node: ast.Call, depth: int) -> None:
        if not isinstance(node.func, ast.Name):
            if isinstance(node.func, ast.Attribute):
                raise self.fail("attribute access ('.name') is not allowed")
            raise self.fail("only calls to named functions are allowed")
        name = node.func.id
        if name not in FUNCTIONS:
            allowed = ", ".join(sorted(FUNCTIONS))
            raise self.fail(f"call to {name!r} is not allowed (functions: {allowed})")
        if node.keywords:
            raise self.fail(f"{name}() takes no keyword arguments")
        fewest, most, _ = FUNCTIONS[name]
        count = len(node.args)
        if count < fewest or (most is not None and count > most):
            expected = str(fewest) if fewest == most else f"{fewest}..{most or 'n'}"
            raise self.fail(f"{name}() takes {expected} arguments, got {count}")
        for arg in node.args:
            self.check(arg, depth)

    def collect_literals(self, operands: list[ast.expr], ops: list[ast.cmpop]) -> None:
        """Remember `name == 'text'`, `'text' in name`, `name in ['a', 'b']` for option checks."""
        for left, op, right in zip(operands, ops, operands[1:], strict=False):
            membership = isinstance(op, ast.In | ast.NotIn)
            sides = [(right, left)] if membership else [(left, right), (right, left)]
            if membership and isinstance(right, ast.List | ast.Tuple):
                sides += [(left, item) for item in right.elts]
            for name, other in sides:
                text = other.value if isinstance(other, ast.Constant) else None
                if isinstance(name, ast.Name) and isinstance(text, str):
                    self.literals.append((name.id, text))


class Expression:
    """A parsed expression: `.names` are its free names, `.evaluate(env)` computes its value."""

    __slots__ = ("_evaluator", "literals", "names", "text")

    def __init__(self, text: str, compiled: _Compiled) -> None:
        self.text = text
        self.names = compiled.names
        # (name, text) pairs compared for equality/membership, so a loader can check option ids.
        self.literals = compiled.literals
        self._evaluator = compiled.evaluator

    def evaluate(self, env: Mapping[str, object]) -> object:
        """The value under `env`; unbound names are None and None propagates."""
        return self._evaluator(env)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Expression) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


def compile_expression(text: str) -> Expression:
    """Parse once and validate against the whitelist; raises ExpressionSyntaxError."""
    if not isinstance(text, str):
        raise ExpressionSyntaxError(f"an expression must be text, got {_kind(text)}")
    return Expression(text, _compile(text))


@lru_cache(maxsize=2048)
def _compile(text: str) -> _Compiled:
    # Immutable result, so caching is safe; messages with placeholders recompile often.
    stripped = text.strip()
    if not stripped:
        raise ExpressionSyntaxError("expression is empty")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise ExpressionSyntaxError(f"expression is longer than {MAX_TEXT_LENGTH} characters")
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise ExpressionSyntaxError(f"expression {text!r}: invalid syntax{where}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionSyntaxError(f"expression {text!r}: cannot be parsed") from None
    checker = _Checker(stripped)
    checker.check(tree.body)
    return _Compiled(_build(tree.body), frozenset(checker.names), tuple(checker.literals))


def _truth(value: object) -> bool | None:
    return None if value is None else bool(value)


def _build(node: ast.expr) -> Evaluator:
    """Turn a checked tree into nested closures once, so evaluating is just calls."""
    match node:
        case ast.Constant(value=value):
            return lambda env: value
        case ast.Name(id=name):
            return lambda env: env.get(name)
        case ast.List(elts=items) | ast.Tuple(elts=items):
            parts = [_build(item) for item in items]
            return lambda env: [part(env) for part in parts]
        case ast.BoolOp(op=op, values=values):
            operands = [_build(value) for value in values]
            is_and = isinstance(op, ast.And)
            return lambda env: _bool_op(is_and, operands, env)
        case ast.UnaryOp(op=op, operand=operand):
            inner = _build(operand)
            negate = isinstance(op, ast.USub)
            return lambda env: _unary(negate, inner(env))
        case ast.BinOp(left=left, op=op, right=right):
            first, second, symbol = _build(left), _build(right), _BIN_OPS[type(op)]
            return lambda env: _arithmetic(symbol, first(env), second(env))
        case ast.Compare(left=left, ops=ops, comparators=comparators):
            head, rest = _build(left), [_build(item) for item in comparators]
            return lambda env: _compare(head, ops, rest, env)
        case ast.IfExp(test=test, body=body, orelse=orelse):
            condition, then, otherwise = _build(test), _build(body), _build(orelse)
            return lambda env: _if(condition, then, otherwise, env)
        case ast.Call(func=ast.Name(id=name), args=args):
            function, arguments = FUNCTIONS[name][2], [_build(arg) for arg in args]
            return lambda env: function(*(argument(env) for argument in arguments))
    raise ExpressionSyntaxError(f"cannot evaluate {type(node).__name__}")  # checked away before


def _unary(negate: bool, value: object) -> object:
    if value is None:
        return None
    if not negate:
        return not value
    if not _is_number(value):
        raise ExpressionTypeError(f"cannot negate {_kind(value)}")
    return -value  # type: ignore[operator]


def _if(
    condition: Evaluator, then: Evaluator, otherwise: Evaluator, env: Mapping[str, object]
) -> object:
    decided = _truth(condition(env))
    if decided is None:
        return None
    return then(env) if decided else otherwise(env)


def _bool_op(is_and: bool, operands: list[Evaluator], env: Mapping[str, object]) -> object:
    """Three-valued and/or: a decisive operand wins, otherwise any unknown makes it unknown."""
    unknown = False
    for operand in operands:
        decided = _truth(operand(env))
        if decided is None:
            unknown = True
        elif decided is not is_and:  # False decides `and`, True decides `or`
            return decided
    return None if unknown else is_and


def _arithmetic(op: str, left: object, right: object) -> object:
    if left is None or right is None:
        return None
    if _is_number(left) and _is_number(right):
        assert isinstance(left, int | float) and isinstance(right, int | float)
        if op == "+":
            return left + right
        if op == "-":
            return left - right
        if op == "*":
            return left * right
        return None if right == 0 else left / right
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        return left + right
    if op == "+" and isinstance(left, list) and isinstance(right, list):
        return left + right
    raise ExpressionTypeError(f"cannot apply '{op}' to {_kind(left)} and {_kind(right)}")


def _compare(
    head: Evaluator, ops: list[ast.cmpop], rest: list[Evaluator], env: Mapping[str, object]
) -> object:
    """Chained comparison `a < b < c` as `a < b and b < c`, with three-valued `and`."""
    unknown = False
    left = head(env)
    for op, evaluator in zip(ops, rest, strict=True):
        right = evaluator(env)
        result = _compare_one(op, left, right)
        if result is None:
            unknown = True
        elif not result:
            return False
        left = right
    return None if unknown else True


def _compare_one(op: ast.cmpop, left: object, right: object) -> bool | None:
    if left is None or right is None:
        return None
    if isinstance(op, ast.Eq):
        return left == right
    if isinstance(op, ast.NotEq):
        return left != right
    if isinstance(op, ast.In | ast.NotIn):
        if isinstance(right, list | tuple) or (isinstance(right, str) and isinstance(left, str)):
            found = left in right
        else:
            raise ExpressionTypeError(f"cannot test membership in {_kind(right)}")
        return found if isinstance(op, ast.In) else not found
    comparable = (_is_number(left) and _is_number(right)) or (
        isinstance(left, str) and isinstance(right, str)
    )
    symbol, compare = _ORDER[type(op)]
    if not comparable:
        raise ExpressionTypeError(f"cannot compare {_kind(left)} {symbol} {_kind(right)}")
    return bool(compare(left, right))
