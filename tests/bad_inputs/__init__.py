"""Bad inputs, one row each: what a user did, the error they must get, and what must stay untouched.

Each module here (``api``, ``cli``, ``classroom``) holds a ``CASES`` list; ``tests/test_bad_inputs.py``
runs every row. A row's ``act`` does the bad thing inside a fresh folder (``tmp_path``); the
test then checks the error class and a fragment of its message, and that ``act`` left the
folder as ``untouched`` says it must be.
"""
