"""Whatever a file holds, loading gives a worksheet or located problems, never a traceback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.format.model import SECTION_TYPES, Worksheet
from generator.format.settings import Settings
from generator.format.sources import parse
from generator.format.validate import validate

from conftest import VALID

FIELDS = sorted(
    {*Worksheet.model_fields, *Settings.model_fields}
    | {name for cls in SECTION_TYPES.values() for name in cls.model_fields}
)
KEYS = st.sampled_from(FIELDS) | st.text(max_size=8)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.dates(min_value=dt.date(1, 1, 1))
    | st.sampled_from(list(SECTION_TYPES))
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)
BASE = yaml.safe_load(VALID)


def load(raw: bytes, model: type[Worksheet] | type[Settings] = Worksheet) -> None:
    # A lone carriage return ends a line too (in YAML, and in editors that open such a file).
    lines = len(raw.decode("utf-8", "replace").splitlines()) + 2
    try:
        validate(parse(raw, "w.yaml"), model)
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "w.yaml"
            assert 1 <= problem.line <= lines
            assert problem.column >= 1
            assert problem.message and "Traceback" not in problem.message


FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.binary(max_size=400))
@example(b'\r\r"')  # old Mac line ends: the error is on line 3
def test_arbitrary_bytes(raw: bytes) -> None:
    load(raw)


@FUZZ
@given(st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`, \n\tabc01?<=")), max_size=120))
def test_yaml_punctuation_soup(text: str) -> None:
    load(text.encode())


@FUZZ
@given(DATA)
def test_arbitrary_structures(data: Any) -> None:
    load(yaml.safe_dump(data, allow_unicode=True).encode())
    load(yaml.safe_dump(data).encode(), Settings)


@FUZZ
@given(
    st.sampled_from(sorted(BASE)),
    DATA,
    st.sampled_from(list(SECTION_TYPES)),
    st.dictionaries(KEYS, DATA, max_size=4),
)
def test_a_valid_sheet_with_one_part_replaced(
    key: str, value: Any, kind: str, section: dict[str, Any]
) -> None:
    data = dict(BASE)
    data[key] = value
    data["sections"] = [*BASE["sections"], {**section, "type": kind}]
    load(yaml.safe_dump(data, allow_unicode=True).encode())
