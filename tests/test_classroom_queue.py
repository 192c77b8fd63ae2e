"""The classroom's start queue without a server: at most ``slots`` pages run their notebook,
the other students wait in arrival order, a student who stops reloading leaves the line, a slot
comes back whatever happens to its page, and a warm kernel's page needs no slot. With the CPU
load (injected) at the threshold or above, a free slot is not taken, except by the first in
line when no slot is busy at all. The warm pool's notebooks take the same slots under the same
load rule, and only when no student is in line."""

from __future__ import annotations

import itertools

import pytest

from viz_transformer.classroom.queue import EXPIRY_REFRESHES, StartQueue

REFRESH_S = 3.0
START_BELOW = 0.85


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


class Load:
    """The CPU's busy share as the queue reads it, set by the test."""

    def __init__(self) -> None:
        self.share = 0.0

    def __call__(self) -> float:
        return self.share


def queue(slots: int, clock: Clock, load: Load | None = None) -> StartQueue:
    names = (f"t{i}" for i in itertools.count(1))
    return StartQueue(slots, REFRESH_S, start_below=START_BELOW, load=load or Load(),
                      clock=clock, new_ticket=lambda: next(names))  # fmt: skip


def test_students_go_while_slots_are_free_then_wait_in_arrival_order(clock: Clock) -> None:
    q = queue(2, clock)
    first, second = q.ask(None), q.ask(None)
    assert first.go and first.holds_slot and second.go and q.busy == 2
    third, fourth = q.ask(None), q.ask(None)
    assert (third.go, third.ticket, third.ahead) == (False, "t1", 0)
    assert (fourth.go, fourth.ticket, fourth.ahead) == (False, "t2", 1)
    assert q.ask(None).ahead == 2  # a newcomer joins the back
    with q.holding(first):
        pass  # the first page has run its notebook: one slot free
    assert not q.ask("t2").go, "the second in line went before the first"
    assert q.ask("t2").ahead == 1
    admitted = q.ask("t1")
    assert admitted.go and admitted.holds_slot and admitted.ticket is None
    assert q.ask("t2").ahead == 0  # moved up


def test_a_newcomer_waits_behind_the_line_even_when_a_slot_frees(clock: Clock) -> None:
    q = queue(1, clock)
    running = q.ask(None)
    assert q.ask(None).ticket == "t1"
    with q.holding(running):
        pass
    assert not q.ask(None).go  # t1 came first: the free slot is its
    assert q.ask("t1").go


def test_an_unknown_ticket_is_a_newcomer(clock: Clock) -> None:
    q = queue(1, clock)
    q.ask(None)
    q.ask(None)  # t1 waits
    forged = q.ask("somebody-elses-guess")
    assert (forged.ticket, forged.ahead) == ("t2", 1)


def test_a_student_who_stops_reloading_leaves_the_line(clock: Clock) -> None:
    q = queue(1, clock)
    q.ask(None)
    q.ask(None)  # t1: will leave
    q.ask(None)  # t2: keeps reloading
    expiry_s = EXPIRY_REFRESHES * REFRESH_S
    for _ in range(EXPIRY_REFRESHES):
        clock.now += REFRESH_S
        assert q.ask("t2").ahead == 1  # t1 missed fewer reloads than the expiry allows
    clock.now += 0.5
    assert q.ask("t2").ahead == 0  # t1 unseen for more than the expiry: dropped
    clock.now += expiry_s + 1
    assert q.ask("t1").ticket == "t3"  # t1 came back too late: a new place at the back


def test_the_slot_comes_back_when_the_page_fails(clock: Clock) -> None:
    q = queue(1, clock)
    turn = q.ask(None)
    with pytest.raises(RuntimeError), q.holding(turn):
        raise RuntimeError("the kernel died while running the notebook")
    assert q.busy == 0 and q.ask(None).go


def test_a_warm_kernel_needs_no_slot(clock: Clock) -> None:
    q = queue(1, clock)
    running = q.ask(None)
    warm = q.ask(None, warm=True)
    assert warm.go and not warm.holds_slot and q.busy == 1
    with q.holding(warm):
        pass
    assert q.busy == 1  # giving back a turn without a slot frees none
    with q.holding(running):
        pass
    assert q.busy == 0


def test_a_warm_kernel_goes_to_the_first_in_line(clock: Clock) -> None:
    q = queue(1, clock)
    q.ask(None)  # running
    q.ask(None)  # t1
    q.ask(None)  # t2
    assert not q.ask("t2", warm=True).go  # t1 is ahead: the warm kernel is its
    assert q.ask(None, warm=True).ticket == "t3"
    turn = q.ask("t1", warm=True)
    assert turn.go and not turn.holds_slot
    assert q.ask("t2").ahead == 0


def test_a_queue_needs_a_slot() -> None:
    with pytest.raises(ValueError, match="1 slot or more"):
        StartQueue(0, REFRESH_S)


def test_a_busy_cpu_holds_a_free_slot_until_the_load_drops(clock: Clock) -> None:
    load = Load()
    q = queue(2, clock, load)
    running = q.ask(None)
    load.share = START_BELOW  # at the threshold: busy
    held = q.ask(None)
    assert (held.go, held.ticket, held.ahead, held.cpu_busy) == (False, "t1", 0, True)
    assert q.busy == 1, "a slot is free, but the load keeps it"
    assert not q.ask("t1").go
    load.share = START_BELOW - 0.01
    turn = q.ask("t1")
    assert turn.go and turn.holds_slot and q.busy == 2
    with q.holding(running):
        pass


def test_with_no_slot_busy_the_first_in_line_goes_whatever_the_load(clock: Clock) -> None:
    load = Load()
    q = queue(2, clock, load)
    load.share = 1.0
    first = q.ask(None)
    assert first.go and first.holds_slot  # the line always moves
    assert q.ask(None).cpu_busy  # t1 waits: one page runs, the CPU is full
    with q.holding(first):
        pass
    assert not q.ask(None).go, "the newcomer went before t1"
    assert q.ask("t2").ahead == 1
    assert q.ask("t1").go  # no slot busy: t1, first in line, goes at load 1.0
    assert not q.ask("t2").go


def test_the_line_keeps_its_order_while_the_cpu_is_busy(clock: Clock) -> None:
    load = Load()
    q = queue(3, clock, load)
    load.share = 0.9
    running = q.ask(None)
    waiting = [q.ask(None) for _ in range(3)]
    assert [(t.ticket, t.ahead) for t in waiting] == [("t1", 0), ("t2", 1), ("t3", 2)]
    load.share = 0.1  # room for the two free slots: the two first in line, not the third
    assert not q.ask("t3").go
    assert not q.ask(None).go  # a newcomer neither
    assert q.ask("t2").go  # one ahead, two slots to take
    assert q.ask("t1").go
    last = q.ask("t3")
    assert (last.go, last.ahead, last.cpu_busy) == (False, 0, False)  # every slot busy now
    with q.holding(running):
        pass


def test_a_warm_kernel_goes_whatever_the_load(clock: Clock) -> None:
    load = Load()
    q = queue(2, clock, load)
    q.ask(None)
    load.share = 1.0
    turn = q.ask(None, warm=True)
    assert turn.go and not turn.holds_slot and q.busy == 1


def test_the_load_threshold_is_a_share_of_the_cpu() -> None:
    for wrong in (-0.1, 1.5):
        with pytest.raises(ValueError, match="0 to 1"):
            StartQueue(1, REFRESH_S, start_below=wrong)


def test_a_pool_kernel_takes_a_free_slot_and_gives_it_back(clock: Clock) -> None:
    q = queue(2, clock)
    fill = q.fill_turn()
    assert fill.go and fill.holds_slot and q.busy == 1
    assert q.fill_turn().go and not q.fill_turn().go  # both slots taken
    q.give_back(fill)
    assert q.busy == 1


def test_students_in_line_come_before_the_pool(clock: Clock) -> None:
    q = queue(1, clock)
    running = q.ask(None)
    q.ask(None)  # t1 waits
    with q.holding(running):
        pass
    refused = q.fill_turn()
    assert not refused.go and refused.ahead == 1  # the free slot is t1's
    first = q.ask("t1")
    assert first.go
    assert not q.fill_turn().go  # t1 runs its notebook on the one slot
    q.ask(None)  # t2 waits
    q.give_back(first)
    assert not q.fill_turn().go  # the free slot is t2's
    clock.now += EXPIRY_REFRESHES * REFRESH_S + 1  # t2 left without coming back
    assert q.fill_turn().go  # a student who left holds no place before the pool


def test_a_busy_cpu_holds_the_pool_unless_nothing_runs(clock: Clock) -> None:
    load = Load()
    q = queue(2, clock, load)
    load.share = START_BELOW
    first = q.fill_turn()
    assert first.go  # nothing ran: the pool always progresses
    assert not q.fill_turn().go  # one runs and the CPU is busy: the free slot waits
    load.share = START_BELOW - 0.01
    assert q.fill_turn().go
