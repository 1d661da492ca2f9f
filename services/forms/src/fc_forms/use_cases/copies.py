"""The submitter's own copy of a submission, as a PDF in the submission's language."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_forms.domain.copies import attachment_ids, copy_rows
from fc_forms.domain.pdf import render_copy
from fc_forms.use_cases.attachments import attachment_store
from fc_forms.use_cases.definitions import definition
from fc_forms.use_cases.submissions import submission_for
from fc_shared.settings import Settings


async def copy_for(
    session: AsyncSession, settings: Settings, *, submission_id: UUID, reader: UUID
) -> bytes:
    """The PDF copy of a submission `reader` sent (anyone else: 404, as for the JSON read):
    every question the answers showed (decrypted, as the submitter reads them), from the
    version the submission was checked against, with its answer as a person reads it, and
    the receipt number."""
    submission = await submission_for(session, settings, submission_id=submission_id, reader=reader)
    form = await definition(
        session, form_type=submission.form_type, version=submission.form_version
    )
    ids = [UUID(each) for each in attachment_ids(form, submission.answers)]
    files = await attachment_store(session).get_many(ids) if ids else []
    names = {str(file.id): file.filename for file in files if file is not None}
    rows = copy_rows(form, submission.answers, language=submission.language, file_names=names)
    return render_copy(
        title=form.content.titles.in_language(submission.language),
        receipt_number=submission.receipt_number,
        submitted_at=submission.created_at,
        rows=rows,
        language=submission.language,
    )
