#!/usr/bin/env python3
"""Drives a real headless Chromium for the kiosk tests, over the DevTools
protocol on a pipe (--remote-debugging-pipe: no port, no websocket).

Commands arrive on stdin as JSON lines; each gets one JSON line back:
  {"cmd": "open", "url": U, "width": W, "height": H}   load U at W x H
  {"cmd": "eval", "expr": JS}                           value of JS (awaited)
  {"cmd": "wait", "expr": JS, "timeout": S}             until JS is truthy
  {"cmd": "click", "selector": CSS}                     a real mouse click at the element's centre
  {"cmd": "press", "selector": CSS}                     the button pressed there (held)
  {"cmd": "release"}                                    and released where it was pressed
  {"cmd": "screenshot", "path": P}                      PNG of the viewport
  {"cmd": "fonts", "selector": CSS}                     platform fonts used for the element's text
  {"cmd": "requests"}                                   every URL the page asked for so far
  {"cmd": "quit"}
Replies: {"ok": true, ...} or {"ok": false, "error": "..."}.
"""
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


class Browser:
    def __init__(self, fake_camera=None):
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise RuntimeError("chromium is not installed (apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="facegate-chromium-")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # Out of the way of 3 and 4, which the child gets them as.
        high_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

        def child_fds():
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-extensions", "--disable-default-apps", "--hide-scrollbars", "--mute-audio",
             "--force-device-scale-factor=1"]
            + (["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-video-capture=" + fake_camera] if fake_camera else [])
            + ["about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=child_fds)
        for fd in (to_child_r, from_child_w, high_r, high_w):
            os.close(fd)
        self.writer = os.fdopen(to_child_w, "wb", buffering=0)
        self.reader = os.fdopen(from_child_r, "rb", buffering=0)
        self.next_id = 0
        self.replies = {}
        self.requests = []
        self.pressed = None
        self.loaded = threading.Event()
        self.condition = threading.Condition()
        threading.Thread(target=self.read_loop, daemon=True).start()
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Network", "DOM", "CSS"):
            self.call(domain + ".enable", session=True)

    def read_loop(self):
        buffer = b""
        while True:
            chunk = self.reader.read(65536)
            if not chunk:
                with self.condition:
                    self.replies[-1] = {"error": {"message": "chromium exited"}}
                    self.condition.notify_all()
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self.dispatch(json.loads(message))

    def dispatch(self, message):
        if "id" in message:
            with self.condition:
                self.replies[message["id"]] = message
                self.condition.notify_all()
        elif message.get("method") == "Network.requestWillBeSent":
            self.requests.append(message["params"]["request"]["url"])
        elif message.get("method") == "Page.loadEventFired":
            self.loaded.set()

    def call(self, method, session=False, timeout=90, **params):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.writer.write(json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        with self.condition:
            while self.next_id not in self.replies:
                if -1 in self.replies:
                    raise RuntimeError("chromium exited")
                left = deadline - time.time()
                if left <= 0:
                    raise RuntimeError(method + " timed out")
                self.condition.wait(left)
            reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError(method + ": " + reply["error"].get("message", str(reply["error"])))
        return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError("script failed: " + json.dumps(result["exceptionDetails"])[:400])
        return result["result"].get("value")

    def open(self, url, width, height):
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)
        self.loaded.clear()
        self.call("Page.navigate", session=True, url=url)
        if not self.loaded.wait(90):
            raise RuntimeError("page did not load: " + url)
        return {}

    def wait(self, expression, timeout):
        deadline = time.time() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError as error:  # a page still loading has no body yet
                value = str(error)[:200]
            else:
                if value:
                    return {"value": value}
            if time.time() > deadline:
                raise RuntimeError("timed out after %ss waiting for %s (last: %r)" % (timeout, expression, value))
            time.sleep(0.05)

    def click(self, selector):
        self.press(selector)
        return self.release()

    def press(self, selector):
        box = self.evaluate(
            "(() => { const e = document.querySelector(%s); if (!e) return null; e.scrollIntoView({block: 'nearest'});"
            " const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector))
        if not box:
            raise RuntimeError("nothing matches " + selector)
        self.pressed = box
        self.call("Input.dispatchMouseEvent", session=True, type="mousePressed", x=box[0], y=box[1], button="left", clickCount=1)
        return {}

    def release(self):
        box = self.pressed
        if box is None:
            raise RuntimeError("release without press")
        self.pressed = None
        self.call("Input.dispatchMouseEvent", session=True, type="mouseReleased", x=box[0], y=box[1], button="left", clickCount=1)
        return {}

    def files(self, selector, paths):
        """Chooses files in a file input, as a person picking them in the dialog does."""
        root = self.call("DOM.getDocument", session=True, depth=0)["root"]["nodeId"]
        node = self.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise RuntimeError("nothing matches " + selector)
        self.call("DOM.setFileInputFiles", session=True, nodeId=node, files=paths)
        return {}

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", session=True, format="png")["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))
        return {}

    def fonts(self, selector):
        root = self.call("DOM.getDocument", session=True, depth=0)["root"]["nodeId"]
        node = self.call("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        if not node:
            raise RuntimeError("nothing matches " + selector)
        fonts = self.call("CSS.getPlatformFontsForNode", session=True, nodeId=node)["fonts"]
        return {"fonts": [{"family": f["familyName"], "glyphs": f["glyphCount"]} for f in fonts]}

    def close(self):
        try:
            self.call("Browser.close", timeout=5)
        except RuntimeError:
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    try:
        browser = Browser(sys.argv[1] if len(sys.argv) > 1 else None)
    except Exception as error:  # noqa: BLE001 - reported to the test as one line
        print(json.dumps({"ok": False, "error": str(error)}), flush=True)
        return 1
    print(json.dumps({"ok": True, "ready": True}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        name = command.pop("cmd")
        try:
            if name == "quit":
                break
            elif name == "open":
                result = browser.open(command["url"], command["width"], command["height"])
            elif name == "eval":
                result = {"value": browser.evaluate(command["expr"])}
            elif name == "wait":
                result = browser.wait(command["expr"], command.get("timeout", 10))
            elif name == "click":
                result = browser.click(command["selector"])
            elif name == "press":
                result = browser.press(command["selector"])
            elif name == "release":
                result = browser.release()
            elif name == "files":
                result = browser.files(command["selector"], command["paths"])
            elif name == "screenshot":
                result = browser.screenshot(command["path"])
            elif name == "fonts":
                result = browser.fonts(command["selector"])
            elif name == "requests":
                result = {"urls": list(browser.requests)}
            else:
                raise RuntimeError("unknown command " + name)
            print(json.dumps(dict(result, ok=True)), flush=True)
        except Exception as error:  # noqa: BLE001 - reported to the test as one line
            print(json.dumps({"ok": False, "error": str(error)}), flush=True)
    browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
