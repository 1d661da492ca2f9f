"""If-Match: a stale version is refused with 412; a current one, `*` or none at all passes,
except where it is required: there none or `*` is 428."""

from __future__ import annotations

import pytest

from fc_shared.etags import check_if_match, etag, require_if_match
from fc_shared.problems import Problem


def test_the_current_version_any_version_or_no_condition_passes() -> None:
    check_if_match(None, "741")
    check_if_match('"741"', "741")
    check_if_match('W/"741"', "741")
    check_if_match('"12", "741"', "741")
    check_if_match("*", "741")


@pytest.mark.parametrize("stale", ['"740"', "741", '""', "garbage"])
def test_a_stale_or_malformed_version_is_412(stale: str) -> None:
    with pytest.raises(Problem) as refused:
        check_if_match(stale, "741")
    assert refused.value.status == 412


def test_the_tag_is_quoted() -> None:
    assert etag("741") == '"741"'


@pytest.mark.parametrize("offered", [None, "", "  ", "*", " * ", "W/*", '*, "741"', '"740", *'])
def test_where_if_match_is_required_none_or_any_version_is_428(offered: str | None) -> None:
    with pytest.raises(Problem) as refused:
        require_if_match(offered, "741")
    assert refused.value.status == 428


def test_where_if_match_is_required_the_current_version_passes_and_a_stale_one_is_412() -> None:
    require_if_match('"741"', "741")
    require_if_match('"12", "741"', "741")
    for stale in ('"740"', 'W/"741"'):  # strong comparison: a weak tag never matches
        with pytest.raises(Problem) as refused:
            require_if_match(stale, "741")
        assert refused.value.status == 412
