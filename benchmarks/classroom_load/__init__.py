"""A class of students at once on classroom mode: ``python -m benchmarks.classroom_load``.

For each class size N it starts ``python -m viz_transformer classroom`` on 127.0.0.1 (a fresh
room each time, as a teacher would: one notebook, ``--pool 1``) and brings N students who open
the notebook's page within ``--arrive-within`` seconds, wait for their first picture, then
change the AttentionExplorer's controls (another head, another layer) every ``--pace`` seconds
(±50 %) for ``--seconds``, and close their tab. A student the room puts in line reloads its
waiting page with the ticket cookie after the page's refresh delay, as a browser does; its time
to first picture counts from its first request.

Design: the machine must measure the server, not the students. A real Chromium costs a core
while it draws a page, so only one or two students (``--browsers``) run in one, to see what a
person sees; the others are protocol-level clients in one asyncio process (``student.py``,
``kernel_channel.py``) that do what costs the server exactly as the browser does: the page
request (which hands out a warm kernel or starts one and runs the notebook), the kernel
websocket with JupyterLab's v1 protocol, ipywidgets 8's ``request_states`` on the control comm
(the widget states a page needs to draw: its first picture), a comm ``update`` message per
control change (timed until the kernel's message carrying the new figure arrives, and until the
kernel is idle), and the shutdown beacon of a closed tab. The browser's control latency (until
the heatmap in the page changed) is reported beside theirs, so the two can be compared.

Reported per N: time to first picture (median, p95, worst), control-change latency (median,
p95), failed sessions, students sent to the full-room page, dropped changes (no answer in 30 s),
the students shown the waiting page and the longest wait in line, the kernels' memory per
student (PSS: shared pages split between the kernels sharing them; and RSS) read once every
student has a first picture, whether the kernels of closed tabs were reclaimed, and ``uptime``
before and after. Bounded: at most 60 students, 600 s each, one
change per student every ``--pace`` seconds, loopback only.
"""
