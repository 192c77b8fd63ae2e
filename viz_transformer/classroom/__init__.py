"""Classroom mode's server: exactly the chosen notebooks, behind a join code, on a bounded
number of kernels, a few notebooks run at a time. ``python -m viz_transformer classroom``
(``commands/classroom.py``) starts it.

- ``notebooks``: which files are served, checked before anything starts, copied into a private
  folder that is all the server can reach;
- ``access``: the join code (a jupyter_server identity provider) and the page that asks for it;
- ``kernels``: at most ``max_kernels`` kernels, warm ones included; a full room is an answer;
- ``queue``: at most ``concurrent_starts`` pages run their notebook at once, only while the CPU
  has room, the other students wait in line, first come, first served;
- ``load``: the CPU load the queue reads, sampled every second;
- ``pages``: the few HTML pages of the room (self-contained: nothing loads from outside);
- ``server``: Voila with only those routes.
"""
