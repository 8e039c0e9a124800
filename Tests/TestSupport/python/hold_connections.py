#!/usr/bin/env python3
"""Holds many slow connections to the kiosk from many loopback addresses
(127.0.0.2, 127.0.0.3, ...): each sends a PIN request's head and then its
body one byte at a time. Prints "holding N" once they are open, then, when
--seconds have passed, one line of JSON: how many were opened, refused,
closed by the server (and the latest such closing, in seconds), still open."""
import argparse
import json
import socket
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--addresses", type=int, default=50)
parser.add_argument("--per-address", type=int, default=22)
parser.add_argument("--seconds", type=float, default=20)
parser.add_argument("--drip", type=float, default=2)
options = parser.parse_args()

HEAD = (b"POST /api/pin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"Content-Length: 200\r\n\r\n{")
start = time.monotonic()
held, refused = [], 0
for address in range(options.addresses):
    for _ in range(options.per_address):
        connection = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        connection.settimeout(1)
        try:
            connection.bind((f"127.0.0.{2 + address}", 0))
            connection.connect(("127.0.0.1", options.port))
            connection.sendall(HEAD)
            held.append(connection)
        except OSError:
            refused += 1
            connection.close()
print(f"holding {len(held)}", flush=True)

closed, last_closed = 0, 0.0
while time.monotonic() - start < options.seconds and held:
    time.sleep(options.drip)
    still = []
    for connection in held:
        try:
            connection.settimeout(0.01)
            try:
                if connection.recv(4096) == b"":
                    raise ConnectionResetError
            except socket.timeout:
                pass
            connection.sendall(b"1")
            still.append(connection)
        except OSError:
            closed += 1
            last_closed = time.monotonic() - start
            connection.close()
    held = still
print(json.dumps({"opened": closed + len(held), "refused": refused, "closedByServer": closed,
                  "lastClosed": round(last_closed, 1), "stillOpen": len(held)}), flush=True)
for connection in held:
    connection.close()
