"""Makes ``tests/serving.py`` importable as ``serving`` from every test folder.

pytest (``prepend`` import mode, no ``tests/__init__.py``) puts the folder of each
``conftest.py`` on ``sys.path``, as it does for ``server_harness`` in ``tests/server``.
"""
