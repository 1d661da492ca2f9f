"""Form definitions in SQL: published versions (inserted, never updated) and authors' drafts."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, insert, select
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.definitions import Definition, DefinitionDraft, FormContent
from fc_forms.store.tables import definition_drafts, form_definitions


async def latest_versions(session: AsyncSession) -> dict[str, int]:
    """Each published form type's newest version."""
    query = select(form_definitions.c.form_type, func.max(form_definitions.c.version)).group_by(
        form_definitions.c.form_type
    )
    return {form_type: version for form_type, version in (await session.execute(query)).all()}


async def latest_version(session: AsyncSession, form_type: str) -> int | None:
    query = select(func.max(form_definitions.c.version)).where(
        form_definitions.c.form_type == form_type
    )
    version: int | None = (await session.execute(query)).scalar()
    return version


async def get_definition(session: AsyncSession, form_type: str, version: int) -> Definition | None:
    query = select(form_definitions.c.content).where(
        form_definitions.c.form_type == form_type, form_definitions.c.version == version
    )
    content = (await session.execute(query)).scalar()
    if content is None:
        return None
    return Definition(
        form_type=form_type, version=version, content=FormContent.model_validate(content)
    )


async def insert_definition(
    session: AsyncSession, definition: Definition, *, published_by: UUID | None, now: datetime
) -> None:
    await session.execute(
        insert(form_definitions).values(
            form_type=definition.form_type,
            version=definition.version,
            content=definition.content.model_dump(mode="json", by_alias=True, exclude_none=True),
            published_by=published_by,
            published_at=now,
        )
    )


async def get_draft(
    session: AsyncSession, form_type: str, *, for_update: bool = False
) -> DefinitionDraft | None:
    query = select(definition_drafts).where(definition_drafts.c.form_type == form_type)
    if for_update:
        query = query.with_for_update()
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return DefinitionDraft(
        form_type=row.form_type,
        content=FormContent.model_validate(row.content),
        edited_by=row.edited_by,
        updated_at=row.updated_at,
    )


async def save_draft(session: AsyncSession, draft: DefinitionDraft) -> None:
    values = {
        "content": draft.content.model_dump(mode="json", by_alias=True, exclude_none=True),
        "edited_by": draft.edited_by,
        "updated_at": draft.updated_at,
    }
    statement = upsert(definition_drafts).values(form_type=draft.form_type, **values)
    await session.execute(
        statement.on_conflict_do_update(index_elements=["form_type"], set_=values)
    )
