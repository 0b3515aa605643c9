from __future__ import annotations

import datetime as dt

import pytest

from autoui.components import Date, DateTime, Time
from autoui.errors import ValidationError
from autoui.localfiles import LocalFiles


def test_date_round_trip(files: LocalFiles) -> None:
    value = Date().preprocess("2024-05-31", files)
    assert value == dt.date(2024, 5, 31) and type(value) is dt.date
    assert Date().postprocess(value, files) == "2024-05-31"
    assert Date().postprocess(dt.datetime(2024, 5, 31, 13, 0), files) == "2024-05-31"


def test_datetime_keeps_offsets_and_reads_z(files: LocalFiles) -> None:
    aware = DateTime().preprocess("2024-05-31T14:30:00Z", files)
    assert aware == dt.datetime(2024, 5, 31, 14, 30, tzinfo=dt.timezone.utc)
    naive = DateTime().preprocess("2024-05-31T14:30", files)
    assert naive.tzinfo is None
    assert DateTime().postprocess(naive, files) == "2024-05-31T14:30:00"
    assert DateTime().postprocess(dt.date(2024, 1, 2), files) == "2024-01-02T00:00:00"


def test_time_round_trip(files: LocalFiles) -> None:
    assert Time().preprocess("14:30", files) == dt.time(14, 30)
    assert Time().postprocess(dt.time(9, 5, 1), files) == "09:05:01"
    assert Time().encode_default(dt.time(9, 0)) == "09:00:00"


@pytest.mark.parametrize(
    ("component", "payload", "hint"),
    [
        (Date(), "31/05/2024", "2024-05-31"),
        (Date(), 20240531, "2024-05-31"),
        (DateTime(), "yesterday", "2024-05-31T14:30:00"),
        (Time(), "25:00", "14:30"),
        (Time(), None, "14:30"),
    ],
)
def test_bad_dates_show_the_expected_form(
    files: LocalFiles, component: Date, payload: object, hint: str
) -> None:
    with pytest.raises(ValidationError, match=hint):
        component.preprocess(payload, files)


def test_outputs_reject_non_dates_clearly(files: LocalFiles) -> None:
    with pytest.raises(ValidationError, match="expected a date"):
        Date().postprocess(12.5, files)
    assert Date().encode_default("not a date") is None


def test_numpy_datetimes_are_outputs_too(files: LocalFiles) -> None:
    import numpy as np

    assert Date().postprocess(np.datetime64("2024-05-31"), files) == "2024-05-31"
    assert DateTime().postprocess(np.datetime64("2024-05-31T10:00:00"), files) == (
        "2024-05-31T10:00:00"
    )
    assert Date().postprocess(np.datetime64("NaT"), files) is None
