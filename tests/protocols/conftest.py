"""Puts this folder on ``sys.path``, so the tests import ``protocol_harness`` (pytest's
``prepend`` mode adds the folder of each ``conftest.py``)."""
