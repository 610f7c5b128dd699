"""The shapes a model-written section may take, as llama.cpp grammars (GBNF): constrained
decoding makes them hold token by token, whatever the model (even the 135M default).

- ``text``: free prose, but no line may start a Markdown heading, so the section cannot
  break the document's structure (the writer adds the headings itself).
- ``list``: Markdown list items only ("- ..."), or "None recorded.".
"""

from __future__ import annotations

GRAMMARS = {
    "text": r"""root ::= line ("\n" line)*
line ::= ([^#\n] [^\n]*)?
""",
    "list": r"""root ::= ("None recorded." | item ("\n" item)*) "\n"?
item ::= "- " [^\n]+
""",
}
FORMS = tuple(GRAMMARS)
