#!/usr/bin/python3
"""Malformed HTTP against a running facegate daemon's kiosk port (127.0.0.1).

  http-fuzz.py --port PORT [--requests N] [--workers W] [--seed S] [--pid PID] [--idle-timeout S]

Sends N (default 10000) requests over raw sockets, W (default 8) at a time:
bad request lines, huge and broken headers, wrong methods, bad JSON to
/api/pin and /api/alternative, truncated bodies, chunked-encoding abuse,
random and mutated bytes, path traversal, overlong URLs, pipelining, and a
slowloris phase (partial requests held open while the kiosk must still
answer). It fails (exit 1) when the daemon stops answering, when any answer
is a 5xx, when an answer carries /etc/passwd, or when /api/state, /healthz
or /metrics do not answer 200 afterwards. With --pid it also reports the
daemon's resident memory before and after.
"""
import argparse
import json
import random
import re
import socket
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

PATHS = ["/", "/api/state", "/api/site", "/metrics", "/healthz", "/kiosk.js", "/kiosk.css",
         "/notice", "/notice?lang=en", "/notice?lang=zh-CN", "/notice.txt", "/api/pin", "/api/alternative"]
TRAVERSALS = ["/../../etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
              "/kiosk.js/../../../etc/passwd", "/..\\..\\etc\\passwd", "/%252e%252e/etc/passwd", "/.%00./etc/passwd",
              "/notice.txt?lang=../../../../etc/passwd", "/notice?lang=..%2F..%2F..%2Fetc%2Fpasswd",
              "/notice.txt?lang=/etc/passwd", "/notice?lang=%00", "/api/../../etc/passwd", "/....//....//etc/passwd"]
LEAKS = (b"root:x:0:0", b"/bin/bash", b"/usr/sbin/nologin")
PINS = [b'{"pin":', b'{"pin":123456}', b'{"pin":null}', b'{"pin":["1"]}', b'[]', b'"pin"', b'{}', b'{"pin":"1"',
        b'{"pin":"\\ud800"}', b'{"pin":"\xff\xfe"}', b'{"pin":"' + b"9" * 100000 + b'"}', b'{"pin":"1","pin":"2"}',
        b'{"pin":1e999}', b'{"pin":"0000"}', b'\xef\xbb\xbf{"pin":"1"}', b'{"pin":"1"}garbage', b'', b'null',
        b'{"pin":"\\u0000"}', b'{"pin":true}', b'{"method":"card"}', b'{"method":"card","reference":"' + b"x" * 5000 + b'"}']


class Case:
    """What to send (chunks with a pause after each), how long to wait for
    answers, and how many answers a complete exchange has."""

    def __init__(self, kind, chunks, wait=2.0, answers=1, stream=False):
        self.kind, self.chunks, self.wait, self.answers, self.stream = kind, chunks, wait, answers, stream


def request(method="GET", path="/api/state", headers=(), body=b"", version=b"HTTP/1.1", close=True):
    lines = [method.encode() + b" " + (path.encode() if isinstance(path, str) else path) + b" " + version]
    lines += [b"Host: 127.0.0.1"] + [h if isinstance(h, bytes) else h.encode() for h in headers]
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def post(path, body, extra=()):
    return request("POST", path, ["Content-Type: application/json", f"Content-Length: {len(body)}", *extra], body)


def valid(rng):
    if rng.random() < 0.05:
        return Case("valid", [(request(path="/events"), 0)], stream=True)
    return Case("valid", [(request(rng.choice(["GET", "GET", "HEAD"]), rng.choice(PATHS[:11])), 0)])


def bad_request_line(rng):
    lines = [b"GET\r\n\r\n", b"GET /\r\n\r\n", b"GET  /api/state  HTTP/1.1\r\n\r\n", b"get /api/state HTTP/1.1\r\n\r\n",
             b"GET\t/api/state\tHTTP/1.1\r\n\r\n", b"GET /api/state HTTP/9.9\r\n\r\n", b"GET /api/state HTTP/1.1\r\r\r\n",
             b"GET /api/state HTTP/1.1\n\n", b"GET /api/state HTTP/1.1\rHost: x\r\r", b"GET http://evil.example/ HTTP/1.1\r\n\r\n",
             b"GET * HTTP/1.1\r\n\r\n", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\n\r\n", b"GET /api/\x00state HTTP/1.1\r\n\r\n",
             b"GET /api/state\r\nX-Injected: 1 HTTP/1.1\r\n\r\n", b"GET /\xe4\xbd\xa0\xff HTTP/1.1\r\n\r\n",
             b"\r\n\r\nGET /api/state HTTP/1.1\r\nConnection: close\r\n\r\n", b"G" * 5000 + b" / HTTP/1.1\r\n\r\n",
             b"GET / HTTP/1.1 extra\r\n\r\n", b"GET / HTTP/1.\r\n\r\n", b"GET / HTTPS/1.1\r\n\r\n", b" GET / HTTP/1.1\r\n\r\n",
             b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", b"GET /?" + b"%" * 64 + b" HTTP/1.1\r\n\r\n"]
    return Case("bad-request-line", [(rng.choice(lines), 0)])


def headers(rng):
    n = rng.randrange(10)
    if n == 0:
        extra = ["X-Big: " + "a" * rng.choice([8_000, 70_000, 300_000])]
    elif n == 1:
        extra = [f"X-{i}: {i}" for i in range(rng.choice([100, 1000, 5000]))]
    elif n == 2:
        extra = [rng.choice([b"NoColonHere", b"Space : before", b"Bad\x00Name: v", b"\x80\xff: v", b": empty-name", b" folded"])]
    elif n == 3:
        extra = ["X-Fold: a", " continued", "\tcontinued"]
    elif n == 4:
        extra = ["Host: a", "Host: b"]
    elif n == 5:
        extra = [rng.choice(["Content-Length: -1", "Content-Length: abc", "Content-Length: 99999999999999999999999",
                             "Content-Length: 1, 2", "Content-Length:  3 ", "Content-Length: 0x10"])]
    elif n == 6:
        extra = ["Content-Length: 2", "Content-Length: 3"]
    elif n == 7:
        extra = ["Expect: 100-continue", "Content-Length: 13", "Content-Type: application/json"]
        return Case("headers", [(request("POST", "/api/pin", extra), 0.05), (b'{"pin":"123"}', 0)])
    elif n == 8:
        extra = [rng.choice(["Upgrade: h2c", "Upgrade: websocket"]), "Connection: Upgrade",
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"]
    else:
        extra = ["Authorization: Bearer " + "A" * rng.choice([10, 10_000]), "Cookie: " + "c=1; " * 2000]
    return Case("headers", [(request(rng.choice(["GET", "POST"]), rng.choice(PATHS), extra), 0)])


def methods(rng):
    method = rng.choice(["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD", "POST", "GET", "PROPFIND", "M-SEARCH",
                         "BREW", "CONNECT", "get", "G\x01T", "X" * 300])
    body = rng.choice([b"", b'{"pin":"1"}'])
    return Case("wrong-method", [(request(method, rng.choice(PATHS), [f"Content-Length: {len(body)}"], body), 0)])


def bad_json(rng):
    if rng.random() < 0.2:
        depth = rng.choice([100, 600, 5000, 50_000])
        body = rng.choice([b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth])
    else:
        body = bytearray(rng.choice(PINS))
        for _ in range(rng.choice([0, 0, 1, 3])):
            if body:
                body[rng.randrange(len(body))] = rng.randrange(256)
        body = bytes(body)
    path = rng.choice(["/api/pin", "/api/pin", "/api/alternative"])
    auth = [rng.choice(["Authorization: Bearer wrong", "Authorization: Bearer ", "Authorization: Basic eDp5",
                        "Authorization: bearer x"])] if path == "/api/alternative" and rng.random() < 0.7 else []
    content_type = rng.choice(["application/json", "text/plain", "application/json; charset=latin1", "multipart/form-data"])
    return Case("bad-json", [(request("POST", path, [f"Content-Type: {content_type}", f"Content-Length: {len(body)}", *auth], body), 0)])


def truncated(rng):
    body = b'{"pin":"482'
    head = request("POST", "/api/pin", ["Content-Type: application/json", f"Content-Length: {rng.choice([20, 1000, 10**9])}"], close=False)
    cut = rng.choice([len(head) // 2, len(head), len(head) + len(body)])
    return Case("truncated", [((head + body)[:cut], 0)], wait=rng.choice([0.05, 0.3]))


def chunked(rng):
    bodies = [b"zz\r\nabc\r\n0\r\n\r\n", b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n", b"5\r\nabc\r\n0\r\n\r\n", b"3\r\nabc\r\n",
              b"3;ext=1\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n", b"-3\r\nabc\r\n0\r\n\r\n", b" 3\r\nabc\r\n0\r\n\r\n",
              b"3\r\nabcdef\r\n0\r\n\r\n", b"0\r\n\r\nGET /api/state HTTP/1.1\r\nHost: x\r\n\r\n", b"3\nabc\n0\n\n",
              b"B\r\n{\"pin\":\"12\"\r\n1\r\n}\r\n0\r\n\r\n", b"8000000\r\n" + b"a" * 1000]
    encodings = ["Transfer-Encoding: chunked", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: chunked, identity",
                 "Transfer-Encoding: chunked\r\nContent-Length: 4", "Transfer-Encoding: CHUNKED", "Transfer-Encoding:\tchunked",
                 "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity"]
    head = request("POST", rng.choice(["/api/pin", "/api/alternative", "/api/state"]), ["Content-Type: application/json", rng.choice(encodings)])
    return Case("chunked", [(head + rng.choice(bodies), 0)], wait=0.5)


def random_bytes(rng):
    if rng.random() < 0.5:
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2048)))
    else:
        data = bytearray(rng.choice([request(path=rng.choice(PATHS)), post("/api/pin", b'{"pin":"123456"}')]))
        for _ in range(rng.randrange(1, 12)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        data = bytes(data)
    return Case("random-bytes", [(data, 0)], wait=0.5)


def traversal(rng):
    return Case("traversal", [(request(rng.choice(["GET", "HEAD"]), rng.choice(TRAVERSALS)), 0)])


def overlong(rng):
    size = rng.choice([2_000, 9_000, 70_000, 1_000_000])
    path = rng.choice(["/" + "a" * size, "/api/state?" + "&".join(f"k{i}=v" for i in range(size // 8)), "/notice?lang=" + "x" * size])
    return Case("overlong-url", [(request(path=path), 0)])


def pipelined(rng):
    count = rng.randrange(2, 20)
    parts = [request(path=rng.choice(PATHS[:11]), close=False) for _ in range(count - 1)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts) + 1), b"BROKEN\x00LINE\r\n\r\n")
    return Case("pipelined", [(b"".join(parts) + request(path="/healthz"), 0)], answers=count + 1)


def dribble(rng):
    data = post("/api/pin", b'{"pin":"000000"}')
    cut = rng.randrange(1, len(data))
    chunks = [(data[i:i + 7], 0.02) for i in range(0, cut, 7)]
    return Case("slow", chunks + ([(data[cut:], 0)] if rng.random() < 0.5 else []), wait=0.3)


KINDS = [(valid, 8), (bad_request_line, 10), (headers, 10), (methods, 8), (bad_json, 16), (truncated, 6), (chunked, 10),
         (random_bytes, 12), (traversal, 8), (overlong, 4), (pipelined, 4), (dribble, 4)]


def parse(buffer, stream):
    """Status codes of the complete answers at the start of `buffer`."""
    statuses = []
    while True:
        end = buffer.find(b"\r\n\r\n")
        match = re.match(rb"HTTP/1\.[01] (\d{3})", buffer)
        if end < 0 or not match:
            return statuses, buffer
        statuses.append(int(match.group(1)))
        if stream:
            return statuses, b""
        length = re.search(rb"\r\ncontent-length: *(\d+)", buffer[:end + 2], re.I)
        size = int(length.group(1)) if length else 0
        if len(buffer) < end + 4 + size:
            statuses.pop()
            return statuses, buffer
        buffer = buffer[end + 4 + size:]


def exchange(port, case):
    """(statuses, or one label when nothing came back; every byte received)."""
    try:
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
    except ConnectionRefusedError:
        return ["refused"], b""
    except OSError:
        return ["connect-failed"], b""
    received, statuses, rest, label = b"", [], b"", "no-answer-in-time"
    try:
        try:
            for data, pause in case.chunks:
                connection.sendall(data)
                if pause:
                    time.sleep(pause)
        except OSError:
            label = "closed-while-sending"  # the server may still have answered first
        deadline = time.monotonic() + case.wait
        while len(statuses) < case.answers and time.monotonic() < deadline:
            connection.settimeout(max(0.01, deadline - time.monotonic()))
            data = connection.recv(65536)
            if not data:
                match = re.match(rb"HTTP/1\.[01] (\d{3})", rest)
                statuses += [int(match.group(1))] if match else []
                label = "closed" if label == "no-answer-in-time" else label
                break
            received += data
            found, rest = parse(rest + data, case.stream)
            statuses += found
    except socket.timeout:
        pass
    except OSError:
        label = "reset"
    finally:
        connection.close()
    return statuses or [label], received


checks = 0  # requests made by the checks themselves (main thread only)


def get(port, path):
    global checks
    checks += 1
    statuses, body = exchange(port, Case("check", [(request(path=path), 0)], wait=10))
    return (statuses[0] if statuses else None), body


def slowloris(port, held=64):
    """Holds `held` partial requests open and asks for /api/state meanwhile."""
    sockets = []
    for n in range(held):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(b"POST /api/pin HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nX-Slow-%d: " % n)
        sockets.append(connection)
    global checks
    checks += held
    started = time.monotonic()
    status, _ = get(port, "/api/state")
    latency = time.monotonic() - started
    for connection in sockets:
        connection.close()
    return status, latency


def idle_closed(port, seconds, held=32):
    """Holds `held` partial requests for `seconds` and counts those the
    daemon closed by itself (its idle timeout)."""
    sockets = []
    for n in range(held):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(b"GET /api/state HTTP/1.1\r\nHost: x\r\nX-Idle-%d: " % n)
        sockets.append(connection)
    time.sleep(seconds)
    closed = 0
    for connection in sockets:
        connection.settimeout(0.5)
        try:
            closed += connection.recv(4096) == b""
        except socket.timeout:
            pass
        except OSError:
            closed += 1
        connection.close()
    return closed, held


def resident_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--requests", type=int, default=10000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--pid", type=int, help="the daemon's process id, to report its memory")
    parser.add_argument("--idle-timeout", type=float,
                        help="the daemon's idle timeout: partial requests held longer must have been closed")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    status, _ = get(options.port, "/api/state")
    if status != 200:
        sys.exit(f"http-fuzz: no facegate kiosk on 127.0.0.1:{options.port} (GET /api/state: {status})")
    memory_before = resident_kib(options.pid) if options.pid else None
    generators = [kind for kind, weight in KINDS for _ in range(weight)]
    cases = [rng.choice(generators)(rng) for _ in range(options.requests)]
    answers, by_kind, failures = Counter(), Counter(), []
    lock, dead = threading.Lock(), threading.Event()
    started = time.monotonic()

    def run(case):
        if dead.is_set():
            return
        statuses, received = exchange(options.port, case)
        with lock:
            by_kind[case.kind] += 1
            for status in statuses:
                answers[status] += 1
                if status == "refused":
                    dead.set()
                    failures.append(f"{case.kind}: connection refused, the daemon is gone")
                elif isinstance(status, int) and status >= 500:
                    failures.append(f"{case.kind}: {status} for {case.chunks[0][0][:80]!r}")
            if any(leak in received for leak in LEAKS):
                failures.append(f"{case.kind}: the answer contains /etc/passwd for {case.chunks[0][0][:80]!r}")

    with ThreadPoolExecutor(options.workers) as pool:
        for start in range(0, len(cases), 1000):
            list(pool.map(run, cases[start:start + 1000]))
            probe, _ = get(options.port, "/api/state")
            if probe != 200:
                failures.append(f"after {start + 1000} requests GET /api/state answered {probe}")
                dead.set()
            if dead.is_set():
                break
    held_status, held_latency = slowloris(options.port) if not dead.is_set() else (None, 0)
    if held_status != 200 or held_latency > 2:
        failures.append(f"with 64 partial requests held open, /api/state answered {held_status} in {held_latency:.1f} s")
    if options.idle_timeout and not dead.is_set():
        closed, held = idle_closed(options.port, options.idle_timeout + 3)
        print(f"  idle: {closed} of {held} partial requests closed by the daemon after {options.idle_timeout + 3:.0f} s")
        if closed != held:
            failures.append(f"only {closed} of {held} partial requests were closed after the idle timeout")
    state, state_body = get(options.port, "/api/state")
    metrics, metrics_body = get(options.port, "/metrics")
    health, _ = get(options.port, "/healthz")
    try:
        json.loads(state_body.split(b"\r\n\r\n", 1)[1])["state"]
    except (IndexError, ValueError, KeyError, TypeError):
        failures.append("/api/state did not answer its JSON afterwards")
    if state != 200 or metrics != 200 or health != 200 or b"facegate_" not in metrics_body:
        failures.append(f"afterwards: /api/state {state}, /metrics {metrics}, /healthz {health}")
    memory_after = resident_kib(options.pid) if options.pid else None
    seconds = time.monotonic() - started
    sent = sum(by_kind.values()) + checks
    counts = ", ".join(f"{key}: {answers[key]}" for key in sorted(answers, key=str))
    print("  kinds: " + ", ".join(f"{kind} {count}" for kind, count in sorted(by_kind.items())))
    if held_status is not None:
        print(f"  slowloris: 64 partial requests held, /api/state {held_status} in {held_latency * 1000:.0f} ms")
    if memory_before:
        print(f"  daemon RSS: {memory_before // 1024} MiB before, {(memory_after or 0) // 1024} MiB after")
    for failure in failures[:20]:
        print("  FAIL " + failure)
    fives = sum(n for key, n in answers.items() if isinstance(key, int) and key >= 500)
    alive = "alive" if state == 200 and metrics == 200 else "NOT answering"
    print(f"http fuzz: {sent} requests in {seconds:.0f} s, answers {{{counts}}}, {fives} 5xx, "
          f"daemon {alive} (/api/state {state}, /metrics {metrics}), {len(failures)} failures")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
