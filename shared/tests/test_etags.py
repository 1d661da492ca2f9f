"""If-Match: a stale version is refused with 412; a current one, `*` or none at all passes."""

from __future__ import annotations

import pytest

from fc_shared.etags import check_if_match, etag
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
