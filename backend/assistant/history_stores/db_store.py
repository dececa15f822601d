"""`ConversationStore` on the Django database: the embedded default, shared by every worker process.

Compare-and-set is a conditional UPDATE (`WHERE revision = expected`) or an INSERT that the primary
key refuses when the conversation already exists, inside one transaction with the new entries, so a
conflict leaves nothing behind. Entries are never deleted with their record (a fork may point into
them); every row expires `ttl_seconds` after the conversation's last save and is swept on later writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic_ai.conversation_store import (
    ConversationConflict,
    ConversationEntry,
    ConversationRecord,
    ConversationStore,
)

from assistant.history_stores.codec import dump_message, dump_record, load_entry, load_record
from assistant.models import StoredConversation, StoredConversationEntry
from common.db_hop import db_hop


class DatabaseConversationStore(ConversationStore):
    def __init__(self, *, ttl_seconds: int) -> None:
        self.ttl_seconds = ttl_seconds

    async def read_record(self, conversation_id: str) -> ConversationRecord | None:
        return await db_hop(self.read_record_sync, conversation_id)

    async def read_records(self, *, scope: str | None = None, limit: int | None = None) -> Sequence[ConversationRecord]:
        return await db_hop(self._sync_read_records, scope, limit)

    async def write_record(
        self,
        record: ConversationRecord,
        *,
        new_entries: Sequence[ConversationEntry] = (),
        expected_revision: str | None,
    ) -> None:
        await db_hop(self._sync_write_record, record, list(new_entries), expected_revision)

    async def delete_record(self, conversation_id: str, *, expected_revision: str) -> None:
        await db_hop(self._sync_delete_record, conversation_id, expected_revision)

    async def read_entry(self, entry_id: str) -> ConversationEntry:
        (entry,) = await self._read_entries([entry_id])
        return entry

    async def read_history(self, head_id: str | None, *, limit: int | None = None) -> list[ConversationEntry]:
        # Walk the parent chain in memory over the rows of the conversations that wrote them: one query
        # per distinct writer instead of one per message.
        return await db_hop(self._sync_read_history, head_id, limit)

    async def ping(self) -> None:
        await db_hop(StoredConversation.objects.exists)

    # -- sync halves (run by db_hop: the request's database thread, its connection released after) ---

    def _expiry(self) -> datetime:
        return timezone.now() + timedelta(seconds=self.ttl_seconds)

    def read_record_sync(self, conversation_id: str) -> ConversationRecord | None:
        row = StoredConversation.objects.filter(conversation_id=conversation_id, expires_at__gt=timezone.now()).first()
        return None if row is None else load_record(row.record_json)

    def _sync_read_records(self, scope: str | None, limit: int | None) -> list[ConversationRecord]:
        rows = StoredConversation.objects.filter(expires_at__gt=timezone.now()).order_by("-updated_at")
        if scope is not None:
            rows = rows.filter(scope=scope)
        if limit is not None:
            rows = rows[:limit]
        return [load_record(row.record_json) for row in rows]

    def _sync_write_record(
        self, record: ConversationRecord, new_entries: list[ConversationEntry], expected_revision: str | None
    ) -> None:
        now = timezone.now()
        expires_at = self._expiry()
        fields = {
            "scope": record.scope,
            "revision": record.revision,
            "record_json": dump_record(record),
            "updated_at": record.updated_at,
            "expires_at": expires_at,
        }
        try:
            with transaction.atomic():
                if expected_revision is None:
                    # An expired row is a conversation the store no longer has: it must not block a new one.
                    StoredConversation.objects.filter(
                        conversation_id=record.conversation_id, expires_at__lte=now
                    ).delete()
                    StoredConversation.objects.create(conversation_id=record.conversation_id, **fields)
                else:
                    updated = StoredConversation.objects.filter(
                        conversation_id=record.conversation_id, revision=expected_revision, expires_at__gt=now
                    ).update(**fields)
                    if updated != 1:
                        raise ConversationConflict(record.conversation_id)
                new_ids = {entry.id for entry in new_entries}
                if (
                    record.head_id is not None
                    and record.head_id not in new_ids
                    and not StoredConversationEntry.objects.filter(entry_id=record.head_id, expires_at__gt=now).exists()
                ):
                    raise ConversationConflict(record.conversation_id)
                StoredConversationEntry.objects.bulk_create(
                    StoredConversationEntry(
                        entry_id=entry.id,
                        conversation_id=record.conversation_id,
                        parent_id=entry.parent_id,
                        message_json=dump_message(entry),
                        expires_at=expires_at,
                    )
                    for entry in new_entries
                )
                # The TTL runs from the last save: the older messages live as long as the new ones.
                StoredConversationEntry.objects.filter(conversation_id=record.conversation_id).update(
                    expires_at=expires_at
                )
        except IntegrityError as exc:
            raise ConversationConflict(record.conversation_id) from exc
        self._sweep(now)

    def _sync_delete_record(self, conversation_id: str, expected_revision: str) -> None:
        deleted, _ = StoredConversation.objects.filter(
            conversation_id=conversation_id, revision=expected_revision, expires_at__gt=timezone.now()
        ).delete()
        if deleted != 1:
            raise ConversationConflict(conversation_id)

    async def _read_entries(self, entry_ids: list[str]) -> list[ConversationEntry]:
        return await db_hop(self._entries_by_id, entry_ids)

    def _entries_by_id(self, entry_ids: list[str]) -> list[ConversationEntry]:
        rows = {
            row.entry_id: row
            for row in StoredConversationEntry.objects.filter(entry_id__in=entry_ids, expires_at__gt=timezone.now())
        }
        missing = [entry_id for entry_id in entry_ids if entry_id not in rows]
        if missing:
            raise KeyError(missing[0])  # a LookupError, as the base class expects for a released entry
        return [self._entry(rows[entry_id]) for entry_id in entry_ids]

    def _sync_read_history(self, head_id: str | None, limit: int | None) -> list[ConversationEntry]:
        if head_id is None:
            return []
        now = timezone.now()
        rows: dict[str, StoredConversationEntry] = {}
        entries: list[ConversationEntry] = []
        entry_id: str | None = head_id
        while entry_id is not None and (limit is None or len(entries) < limit):
            if entry_id not in rows:
                head = StoredConversationEntry.objects.filter(entry_id=entry_id, expires_at__gt=now).first()
                if head is None:
                    raise KeyError(entry_id)
                rows.update(
                    (row.entry_id, row)
                    for row in StoredConversationEntry.objects.filter(
                        conversation_id=head.conversation_id, expires_at__gt=now
                    )
                )
                rows[entry_id] = head
            row = rows[entry_id]
            entries.append(self._entry(row))
            entry_id = row.parent_id
        entries.reverse()
        return entries

    @staticmethod
    def _entry(row: StoredConversationEntry) -> ConversationEntry:
        return load_entry(entry_id=row.entry_id, parent_id=row.parent_id, message_json=row.message_json)

    @staticmethod
    def _sweep(now: datetime) -> None:
        StoredConversation.objects.filter(expires_at__lte=now).delete()
        StoredConversationEntry.objects.filter(expires_at__lte=now).delete()
