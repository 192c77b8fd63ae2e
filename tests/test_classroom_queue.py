"""The classroom's start queue without a server: at most ``slots`` pages run their notebook,
the other students wait in arrival order, a student who stops reloading leaves the line, a slot
comes back whatever happens to its page, and a warm kernel's page needs no slot."""

from __future__ import annotations

import itertools

import pytest

from viz_transformer.classroom.queue import EXPIRY_REFRESHES, StartQueue

REFRESH_S = 3.0


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def queue(slots: int, clock: Clock) -> StartQueue:
    names = (f"t{i}" for i in itertools.count(1))
    return StartQueue(slots, REFRESH_S, clock=clock, new_ticket=lambda: next(names))


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
