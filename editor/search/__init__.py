"""Search the whole library: a local index (tantivy, or whoosh where tantivy has no wheel), a scan
fallback, and "similar items".

Modules, in the order data flows through them:

* ``schema``   — index fields, their ranking weights, and the one text analysis (in Python, for all).
* ``extract``  — a lesson or curated item → plain text per field + a freshness stamp.
* ``syntax``   — the search box language (words, "phrases", ``status:review``, ``-word``).
* ``query``    — a parsed search → index terms (typo and prefix variants, filter values).
* ``engine``   — which engine runs, and what ``SearchIndex`` asks of one (``Store``, ``Builder``).
* ``engine_tantivy``, ``engine_whoosh`` (+ ``ranking``, whoosh's scoring) — the two engines.
* ``index``    — the on-disk index: open, keep fresh, search (``SearchIndex``), whatever the engine.
* ``build``    — a new index built beside the old one and swapped in (``build_index``).
* ``lock``     — one writer at a time, crash-safe.
* ``fallback`` — the same search by reading the files, while the index is (re)built.
* ``results``  — hits, highlighted snippets, facet counts.
* ``similar``  — "find before you create": items on the same topic as a draft or an item.
"""
