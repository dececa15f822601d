"""`ConversationStore` on Redis: compare-and-set in one Lua script, so a conflict writes nothing.

Keys (under `prefix`): `rec:<id>` a hash {revision, scope, updated, json}; `ent:<entry id>` one message;
`ents:<id>` the set of entries a conversation's saves wrote (to renew their TTL together); `idx:all`
and `idx:scope:<scope>` sorted sets by `updated_at` for `read_records`. Every key expires `ttl_seconds`
after the conversation's last save. Deleting a conversation deletes its record; its entries are left
to expire, since a fork could point into them.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic_ai.conversation_store import (
    ConversationConflict,
    ConversationEntry,
    ConversationRecord,
    ConversationStore,
)

from assistant.history_stores.codec import dump_message, dump_record, load_entry, load_record
from assistant.history_stores.redis_client import redis_for

# KEYS: record, entry-set, idx:all, idx:scope (or "" when the record has no scope)
# ARGV: expected revision ("" = must not exist), new revision, scope, updated (float), record json, ttl,
#       head id ("" = none), entry key prefix, conversation id, then (entry id, json) pairs
_WRITE = """
local current = redis.call('HGET', KEYS[1], 'revision')
if (current or '') ~= ARGV[1] then return 0 end
local ttl = tonumber(ARGV[6])
local new_ids = {}
for i = 10, #ARGV, 2 do new_ids[ARGV[i]] = true end
local head = ARGV[7]
if head ~= '' and not new_ids[head] and redis.call('EXISTS', ARGV[8] .. head) == 0 then return -1 end
for i = 10, #ARGV, 2 do
  redis.call('SET', ARGV[8] .. ARGV[i], ARGV[i + 1], 'EX', ttl)
  redis.call('SADD', KEYS[2], ARGV[i])
end
redis.call('HSET', KEYS[1], 'revision', ARGV[2], 'scope', ARGV[3], 'updated', ARGV[4], 'json', ARGV[5])
redis.call('EXPIRE', KEYS[1], ttl)
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('EXPIRE', KEYS[2], ttl)
  for _, id in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('EXPIRE', ARGV[8] .. id, ttl) end
end
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[9])
redis.call('EXPIRE', KEYS[3], ttl)
if KEYS[4] ~= '' then
  redis.call('ZADD', KEYS[4], ARGV[4], ARGV[9])
  redis.call('EXPIRE', KEYS[4], ttl)
end
return 1
"""

# KEYS: record; ARGV: expected revision
_DELETE = """
if redis.call('HGET', KEYS[1], 'revision') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
"""


# ARGV: entry key prefix, head id, limit (-1 = all). Each entry is "<parent id>\n<message json>".
# Returns {1, id, blob, id, blob, ...} from the head back, or {0, missing id}.
_HISTORY = """
local out = {1}
local id = ARGV[2]
local limit = tonumber(ARGV[3])
while id ~= '' and (limit < 0 or (#out - 1) / 2 < limit) do
  local blob = redis.call('GET', ARGV[1] .. id)
  if not blob then return {0, id} end
  out[#out + 1] = id
  out[#out + 1] = blob
  id = string.sub(blob, 1, string.find(blob, '\\n', 1, true) - 1)
end
return out
"""


class RedisConversationStore(ConversationStore):
    def __init__(self, *, url: str, ttl_seconds: int, prefix: str = "assistant:conv:") -> None:
        self.url = url
        self.ttl_seconds = ttl_seconds
        self.prefix = prefix

    @property
    def _redis(self):
        return redis_for(self.url)

    def _key(self, kind: str, name: str) -> str:
        return f"{self.prefix}{kind}:{name}"

    def record_key(self, conversation_id: str) -> str:
        """The record's hash (its `scope` field names the owner): assistant/admission.py checks it in Redis."""
        return self._key("rec", conversation_id)

    async def read_record(self, conversation_id: str) -> ConversationRecord | None:
        blob = await self._redis.hget(self._key("rec", conversation_id), "json")
        return None if blob is None else load_record(blob)

    async def read_records(self, *, scope: str | None = None, limit: int | None = None) -> Sequence[ConversationRecord]:
        index = self._key("idx", "all") if scope is None else self._key("idx", f"scope:{scope}")
        ids = [raw.decode() for raw in await self._redis.zrevrange(index, 0, -1)]
        records: list[ConversationRecord] = []
        for conversation_id in ids:
            record = await self.read_record(conversation_id)
            if record is None:
                await self._redis.zrem(index, conversation_id)  # expired or deleted since it was indexed
            elif scope is None or record.scope == scope:
                records.append(record)
            if limit is not None and len(records) >= limit:
                break
        return records

    async def write_record(
        self,
        record: ConversationRecord,
        *,
        new_entries: Sequence[ConversationEntry] = (),
        expected_revision: str | None,
    ) -> None:
        keys = [
            self._key("rec", record.conversation_id),
            self._key("ents", record.conversation_id),
            self._key("idx", "all"),
            self._key("idx", f"scope:{record.scope}") if record.scope is not None else "",
        ]
        args: list[str | float | int] = [
            expected_revision or "",
            record.revision,
            record.scope or "",
            record.updated_at.timestamp(),
            dump_record(record),
            self.ttl_seconds,
            record.head_id or "",
            self.prefix + "ent:",
            record.conversation_id,
        ]
        for entry in new_entries:
            args += [entry.id, _dump_entry(entry)]
        outcome = await self._redis.eval(_WRITE, len(keys), *keys, *args)
        if outcome != 1:
            raise ConversationConflict(record.conversation_id)

    async def delete_record(self, conversation_id: str, *, expected_revision: str) -> None:
        if await self._redis.eval(_DELETE, 1, self._key("rec", conversation_id), expected_revision) != 1:
            raise ConversationConflict(conversation_id)

    async def read_entry(self, entry_id: str) -> ConversationEntry:
        blob = await self._redis.get(self._key("ent", entry_id))
        if blob is None:
            raise KeyError(entry_id)  # a LookupError, as the base class expects for a released entry
        return _load_entry(entry_id, blob)

    async def read_history(self, head_id: str | None, *, limit: int | None = None) -> list[ConversationEntry]:
        # The parent chain walked inside Redis: one round trip, where the base class makes one per message.
        if head_id is None or limit == 0:
            return []
        reply = await self._redis.eval(_HISTORY, 0, self.prefix + "ent:", head_id, -1 if limit is None else limit)
        if reply[0] != 1:
            raise KeyError(reply[1].decode())  # a LookupError, as the base class expects for a released entry
        pairs = reply[1:]
        entries = [_load_entry(pairs[i].decode(), pairs[i + 1]) for i in range(0, len(pairs), 2)]
        entries.reverse()
        return entries

    async def ping(self) -> None:
        await self._redis.ping()


def _dump_entry(entry: ConversationEntry) -> str:
    # The parent travels with the message: one key per entry, read back without a second lookup.
    return f"{entry.parent_id or ''}\n{dump_message(entry)}"


def _load_entry(entry_id: str, blob: bytes) -> ConversationEntry:
    parent, _, message_json = blob.decode().partition("\n")
    return load_entry(entry_id=entry_id, parent_id=parent or None, message_json=message_json)
