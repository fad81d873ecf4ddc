-- A call's links are read as primary or as linked one, undone ones too (the call's page and every event about it).
CREATE INDEX same_conversation_by_linked ON same_conversation_links (linked_call_id);
