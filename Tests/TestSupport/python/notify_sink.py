#!/usr/bin/python3
"""A stand-in for systemd's notification socket.

  notify_sink.py SOCKET OUT   binds a datagram socket at SOCKET, prints "ready", and appends
                              every message to OUT as one line (its own newlines as " | ")
"""
import os
import socket
import sys

path, out = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sink = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sink.bind(path)
print("ready", flush=True)
with open(out, "a", encoding="utf-8") as log:
    while True:
        message = sink.recv(4096).decode("utf-8", "replace")
        log.write(message.strip().replace("\n", " | ") + "\n")
        log.flush()
