"""Form definitions: the published versions anyone reads, the draft authors edit, publishing
it as the next version (FormDefinitionPublished), and the built-in forms loaded as version 1."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain import forms
from fc_forms.domain.definitions import (
    Definition,
    DefinitionDraft,
    FormContent,
    check_translations,
    draft_found,
)
from fc_forms.domain.schema import check_content
from fc_forms.store import definitions as store
from fc_shared.events import FormDefinitionPublished
from fc_shared.outbox import add_event
from fc_shared.settings import Settings


async def published_forms(session: AsyncSession) -> list[Definition]:
    """The newest version of every published form, by form type."""
    latest = await store.latest_versions(session)
    found = [await store.get_definition(session, t, v) for t, v in sorted(latest.items())]
    return [definition for definition in found if definition is not None]


async def definition(
    session: AsyncSession, *, form_type: str, version: int | None = None, as_input: bool = False
) -> Definition:
    """A published version of the form (the newest when `version` is None)."""
    wanted = version if version is not None else await store.latest_version(session, form_type)
    found = None if wanted is None else await store.get_definition(session, form_type, wanted)
    if found is None:
        raise forms.unknown_form(form_type, version=version, as_input=as_input)
    return found


async def draft(session: AsyncSession, *, form_type: str) -> DefinitionDraft:
    """The authors' draft of the form."""
    return draft_found(await store.get_draft(session, form_type), form_type)


async def save_draft(
    session: AsyncSession, *, form_type: str, content: FormContent, author: UUID
) -> DefinitionDraft:
    """Keep the author's draft if it can be rendered and checked (missing translations may
    wait until it is published)."""
    check_content(content)
    saved = DefinitionDraft(form_type, content, author, datetime.now(UTC))
    await store.save_draft(session, saved)
    return saved


async def publish(
    session: AsyncSession, settings: Settings, *, form_type: str, author: UUID
) -> Definition:
    """Freeze the draft as the form's next version; refused while a sv or fi text is missing."""
    found = draft_found(await store.get_draft(session, form_type, for_update=True), form_type)
    check_content(found.content)
    check_translations(found.content)
    version = (await store.latest_version(session, form_type) or 0) + 1
    published = Definition(form_type=form_type, version=version, content=found.content)
    await _publish(session, settings, published, author)
    return published


async def _publish(
    session: AsyncSession, settings: Settings, definition: Definition, author: UUID | None
) -> None:
    await store.insert_definition(session, definition, published_by=author, now=datetime.now(UTC))
    await add_event(
        session,
        settings,
        FormDefinitionPublished(
            form_type=definition.form_type,
            version=definition.version or 1,
            published_by=author,
        ),
    )


async def load_built_in_forms(session: AsyncSession, settings: Settings) -> int:
    """Publish each built-in form as version 1 where the form has no version yet; twice
    changes nothing. How many there are."""
    published = await store.latest_versions(session)
    for form_type in forms.form_types():
        if form_type not in published:
            await _publish(session, settings, forms.built_in(form_type), None)
    return len(forms.form_types())
