"""Minutes from a transcript: the ChatModel protocol and its local backend, prompts and
templates, chunking, quoted items, grounding, the Token Lens, and the writer that puts them
together."""
