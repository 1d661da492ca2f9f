"""The README stays current: its topic table is `TOPICS`, and its walkthrough needs nothing
but what the repository gives (no uuidgen, no jq)."""

from __future__ import annotations

import re
from pathlib import Path

from familjecentret import demo_data
from familjecentret.services import SERVICES
from fc_forms.domain.forms import form_types
from fc_shared.events.contracts import ALL_EVENTS, TOPICS


def _topic_rows(readme: str) -> dict[str, list[str]]:
    """The topic table's rows by topic: events, owner, read by, analysts."""
    rows = {}
    for line in readme.splitlines():
        match = re.match(r"^\| `([a-z.-]+\.v\d+)` \|(.*)\|$", line)
        if match:
            rows[match[1]] = [cell.strip() for cell in match[2].split("|")]
    return rows


def test_the_topic_table_is_every_topic_with_its_events_owner_readers_and_analysts(
    repo_root: Path,
) -> None:
    rows = _topic_rows((repo_root / "README.md").read_text())

    assert sorted(rows) == sorted(topic.name for topic in TOPICS)
    for topic in TOPICS:
        events, owner, readers, analysts = rows[topic.name]
        named = re.findall(r"`(\w+)`", events)
        assert named == [event.__name__ for event in ALL_EVENTS if topic.name == event.TOPIC]
        assert owner == topic.owner
        listed = re.sub(r"\s*\(.*\)$", "", readers)  # "booking (why)" -> "booking"
        assert set(listed.split(", ")) - {"—"} == set(topic.readers)
        assert analysts.startswith("yes" if topic.analysts else "no")


def test_the_readme_names_every_service_the_demo_people_and_the_form_types(
    repo_root: Path,
) -> None:
    readme = (repo_root / "README.md").read_text()

    for spec in SERVICES:
        assert f"### {spec.name} (http://127.0.0.1:{spec.default_port}/docs)" in readme
    for subject in (demo_data.GUARDIAN, demo_data.PROFESSIONAL, demo_data.COORDINATOR):
        assert str(subject) in readme
    for form_type in form_types():
        assert f"`{form_type}`" in readme
    assert "uuidgen" not in readme
    assert " jq " not in readme
    assert "in progress" not in readme
