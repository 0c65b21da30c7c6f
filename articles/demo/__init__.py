"""Demo and benchmark content, and the generators of its text and pictures.

`manage.py load_demo` loads the demo site (`stories.py`); `manage.py
generate_stories` fills the database for benchmarks (`bench.py`). Both draw
their text from `text.py` and their pictures from `pictures.py`, seeded, so
the same arguments always give the same content.
"""
