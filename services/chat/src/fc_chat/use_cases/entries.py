"""Writing and reading a chat's entries: the text sealed under the chat's own data key
(fc_shared.field_crypto, subject = the chat) before it is stored, opened when read. The
retention purge destroys that key, so a backup's copy of the text becomes unreadable too."""

from __future__ import annotations

import dataclasses
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from fc_chat.domain.entries import Entry, NewEntry
from fc_chat.store import entries as store
from fc_shared.field_crypto import KeyDestroyed, NoDataKey, cipher_for, keyring_of
from fc_shared.settings import Settings

TEXT_FIELD = "chat_text"


async def write(session: AsyncSession, settings: Settings, chat_id: UUID, entry: NewEntry) -> int:
    """Append the entry (the caller holds the chat's row lock); its sequence number."""
    token = None
    if entry.text is not None:
        cipher = await cipher_for(session, keyring_of(settings), chat_id)
        token = cipher.encrypt(entry.text, field=TEXT_FIELD)
    return await store.append(session, chat_id, entry, token)


async def read_after(
    session: AsyncSession, settings: Settings, chat_id: UUID, seq: int, *, staff: bool
) -> list[Entry]:
    """The entries after `seq`, text opened; staff also see transfer notes."""
    found = await store.after(session, chat_id, seq, with_staff_only=staff)
    if not any(entry.text for entry in found):
        return found
    try:
        cipher = await cipher_for(session, keyring_of(settings), chat_id)
    except (KeyDestroyed, NoDataKey):
        return [dataclasses.replace(entry, text=None) for entry in found]
    return [
        dataclasses.replace(entry, text=cipher.decrypt(entry.text, field=TEXT_FIELD))
        if entry.text
        else entry
        for entry in found
    ]
