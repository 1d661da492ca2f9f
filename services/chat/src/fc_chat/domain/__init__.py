"""The chat service's rules and records, apart from any I/O: queues and their office hours
(queues.py), a conversation's life and who may act in it (chats.py), its numbered entries
(entries.py), anonymous visitors' capability tokens (tokens.py), rate limits (limits.py) and
what is shown in acute danger (emergency.py)."""
