"""The live server's gate: requests left over from a test never meet the flush."""

import threading

from tests.browser.conftest import OneRequestAtATime


def call(gate):
    statuses = []
    body = gate({}, lambda status, headers: statuses.append(status))
    return statuses[0] if statuses else None, b"".join(body)


def ok_application(environ, start_response):
    start_response("200 OK", [])
    return [b"page"]


def test_a_shut_gate_answers_503_without_running_the_application():
    calls = []
    gate = OneRequestAtATime(lambda environ, start: calls.append(environ))

    assert call(gate) == (
        "503 Service Unavailable",
        b"The test server is between tests.",
    )
    assert calls == []


def test_an_open_gate_runs_the_application():
    gate = OneRequestAtATime(ok_application)
    gate.open()

    assert call(gate) == ("200 OK", b"page")


def test_shutting_waits_for_the_request_in_progress():
    in_request, release = threading.Event(), threading.Event()
    events = []

    def slow_application(environ, start_response):
        in_request.set()
        release.wait(timeout=5)
        events.append("request finished")
        return ok_application(environ, start_response)

    gate = OneRequestAtATime(slow_application)
    gate.open()
    request = threading.Thread(target=call, args=(gate,))
    request.start()
    in_request.wait(timeout=5)
    shutting = threading.Thread(target=lambda: (gate.shut(), events.append("shut")))
    shutting.start()
    shutting.join(timeout=0.2)
    assert shutting.is_alive(), "shut() returned while a request was running"

    release.set()
    request.join(timeout=5)
    shutting.join(timeout=5)
    assert events == ["request finished", "shut"]
    assert call(gate)[0] == "503 Service Unavailable"
