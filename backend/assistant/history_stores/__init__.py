"""Backends for PydanticAI's `ConversationStore`: Redis (REDIS_URL set) and the database (embedded default)."""

from assistant.history_stores.db_store import DatabaseConversationStore
from assistant.history_stores.redis_store import RedisConversationStore

__all__ = ["DatabaseConversationStore", "RedisConversationStore"]
