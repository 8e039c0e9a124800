#!/usr/bin/env python3
"""Many HTTP clients at once on the kiosk, each from its own loopback address
(127.0.0.2, 127.0.0.3, ...) as machines on the estate's network would be:
each keeps one connection and asks for the state, the page and a malformed
PIN as fast as it is answered. Prints "running N" once all have started,
then, after --seconds, one line of JSON: requests answered, failed, and
the answers per second."""
import argparse
import http.client
import json
import sys
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--clients", type=int, default=50)
parser.add_argument("--seconds", type=float, default=20)
options = parser.parse_args()

REQUESTS = [("GET", "/api/state", None), ("GET", "/", None), ("POST", "/api/pin", b'{"pin":"12"}')]
answered, failed = [0] * options.clients, [0] * options.clients
stop = time.monotonic() + options.seconds


def client(number):
    connection = None
    step = 0
    while time.monotonic() < stop:
        method, path, body = REQUESTS[step % len(REQUESTS)]
        step += 1
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", options.port, timeout=10,
                                                        source_address=(f"127.0.0.{2 + number}", 0))
            headers = {"Content-Type": "application/json"} if body else {}
            connection.request(method, path, body=body, headers=headers)
            connection.getresponse().read()
            answered[number] += 1
        except (OSError, http.client.HTTPException):
            failed[number] += 1
            if connection is not None:
                connection.close()
            connection = None
            time.sleep(0.05)


threads = [threading.Thread(target=client, args=(number,), daemon=True) for number in range(options.clients)]
started = time.monotonic()
for thread in threads:
    thread.start()
print("running %d" % len(threads), flush=True)
for thread in threads:
    thread.join()
elapsed = time.monotonic() - started
print(json.dumps({"answered": sum(answered), "failed": sum(failed), "perSecond": round(sum(answered) / elapsed)}), flush=True)
sys.exit(0)
