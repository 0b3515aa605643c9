"""The relay's message format: every event a script wrote, bodies length-prefixed."""

from __future__ import annotations

from autoui.broker.relay import parse_message


def test_a_message_carries_each_event_in_order_with_its_number() -> None:
    bodies = [b'{"position":0}', b'{"data":["a b\\n c"]}', 'ünïcode {"x": 1}'.encode()]
    data = b"job-1 7 " + b" ".join(
        b"%s %d %s" % (kind, len(body), body)
        for kind, body in zip((b"queued", b"output", b"complete"), bodies, strict=True)
    )
    job_id, events = parse_message(data)
    assert job_id == "job-1"
    assert events == [(7, "queued", bodies[0]), (8, "output", bodies[1]),
                      (9, "complete", bodies[2])]


def test_a_body_may_hold_spaces_newlines_and_digits_anywhere() -> None:
    body = b" 12 output 3 abc \n\n 9"
    job_id, events = parse_message(b"j 1 output %d %s" % (len(body), body))
    assert (job_id, events) == ("j", [(1, "output", body)])
