"""Classroom mode's server: exactly the chosen notebooks, behind a join code, on a bounded
number of kernels. ``python -m viz_transformer classroom`` (``commands/classroom.py``) starts it.

- ``notebooks``: which files are served, checked before anything starts, copied into a private
  folder that is all the server can reach;
- ``access``: the join code (a jupyter_server identity provider) and the page that asks for it;
- ``kernels``: at most ``max_kernels`` kernels, warm ones included; a full room is an answer;
- ``pages``: the few HTML pages of the room (self-contained: nothing loads from outside);
- ``server``: Voila with only those routes.
"""
