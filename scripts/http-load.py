#!/usr/bin/env python3
"""Keeps the kiosk busy: --clients threads, each asking /api/state and
posting a wrong PIN in turn, as fast as the daemon answers, until killed.
For `facegate bench e2e --http-clients N`."""
import argparse
import http.client
import threading

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--clients", type=int, default=50)
options = parser.parse_args()


def client(number):
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", options.port, timeout=10)
            for turn in range(100):
                if turn % 2:
                    connection.request("POST", "/api/pin", body='{"pin":"%06d"}' % (number * 1000 + turn),
                                       headers={"Content-Type": "application/json"})
                else:
                    connection.request("GET", "/api/state")
                connection.getresponse().read()
            connection.close()
        except OSError:
            pass


for number in range(options.clients):
    threading.Thread(target=client, args=(number,), daemon=True).start()
threading.Event().wait()
