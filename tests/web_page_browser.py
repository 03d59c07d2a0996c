#!/usr/bin/env python3
"""fiducia serve's web page in headless Chromium, driven over the DevTools protocol.

Starts a real `fiducia serve` on a fresh database with an agent token and sample events (one of
them hostile), opens http://127.0.0.1:PORT/, types the token, and checks: the waiting list's rows
and a live countdown, a customer's timeline with a finding on it, the coach's advice appearing as
a draft with "scusa" is typed, hostile customer text staying inert, no console message at all;
saves a screenshot under --artefacts. Python standard library only: Chromium speaks the protocol
on file descriptors 3 and 4 (--remote-debugging-pipe), one JSON message per NUL byte.

Exit status 0: passed; 1: failed; 77: skipped (no chromium).
"""

import argparse
import base64
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HOSTILE_ID = 'h1"><img src=x onerror="window.pwned=1">'
HOSTILE_AGENT = "<script>window.pwned=2</script>"
HOSTILE_CUSTOMER = "<b>evil</b>@example.it"


def sample_events():
    just_now = (datetime.datetime.now(datetime.timezone.utc) -
                datetime.timedelta(minutes=1)).isoformat(timespec="seconds")
    return [
        # A chat request of a minute ago: its target is still ahead (a countdown that runs).
        {"id": "c1", "at": just_now, "channel": "chat", "direction": "in",
         "customer": "luca@example.it", "text": "Posso cambiare la data di consegna?"},
        # A WhatsApp request never answered: waiting, and an `unanswered` finding.
        {"id": "w1", "at": "2026-03-02T09:00:00+01:00", "channel": "whatsapp",
         "direction": "in", "customer": "+393331234567",
         "text": "Buongiorno, la fibra non funziona da ieri. Mi aiutate?"},
        # An e-mail answered late: a `late_reply` finding, not waiting.
        {"id": "e1", "at": "2026-03-02T10:00:00+01:00", "channel": "email", "direction": "in",
         "customer": "anna@example.it", "text": "La fattura di febbraio è sbagliata."},
        {"id": "e2", "at": "2026-03-04T10:00:00+01:00", "channel": "email", "direction": "out",
         "customer": "anna@example.it", "agent": "giulia",
         "text": "Ci scusiamo, verifico e le scrivo."},
        # Hostile text wherever the page shows what customers and agents wrote.
        {"id": HOSTILE_ID, "at": "2026-03-03T09:30:00+01:00", "channel": "email",
         "direction": "in", "customer": HOSTILE_CUSTOMER, "text": "<script>alert(1)</script>"},
        {"id": "h2", "at": "2026-03-03T09:40:00+01:00", "channel": "email", "direction": "note",
         "customer": HOSTILE_CUSTOMER, "agent": HOSTILE_AGENT, "text": "nota"},
    ]


class Failure(Exception):
    pass


def check(condition, what):
    if not condition:
        raise Failure(what)


class Server:
    """`fiducia serve` on a free port of loopback."""

    def __init__(self, fiducia, workdir, config=None):
        self.db = os.path.join(workdir, "web.db")
        token = subprocess.run([fiducia, "token", "web-test", "--role", "agent", "--db", self.db],
                               check=True, capture_output=True, text=True)
        self.token = token.stdout.strip()
        self.log = open(os.path.join(workdir, "serve.log"), "w+")
        self.process = subprocess.Popen(
            [fiducia, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--lang", "en"] +
            (["--config", config] if config else []),
            stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)", line)
        check(match, "fiducia serve did not say where it listens: " + line)
        self.url = "http://127.0.0.1:%s" % match.group(1)
        # Keep draining its log so that it never blocks on a full pipe.
        self.drain = subprocess.Popen(["cat"], stdin=self.process.stderr, stdout=self.log)

    def post_events(self, events):
        body = "\n".join(json.dumps(e) for e in events).encode()
        request = urllib.request.Request(
            self.url + "/v1/events", data=body, method="POST",
            headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(request) as response:
            answer = json.load(response)
        check(answer["accepted"] == len(events), "events not accepted: %s" % answer)

    def get(self, target):
        request = urllib.request.Request(self.url + target,
                                         headers={"Authorization": "Bearer " + self.token})
        with urllib.request.urlopen(request) as response:
            return response.read().decode()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.drain.wait(timeout=30)
        return code


class Browser:
    """Headless Chromium and one page, over --remote-debugging-pipe."""

    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire():  # Chromium reads commands on fd 3 and writes answers on fd 4
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-pipe",
             "--user-data-dir=" + profile, "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []  # every event message, in order
        self.session = None
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": page["targetId"], "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(domain + ".enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": 1280, "height": 1100, "deviceScaleFactor": 1, "mobile": False})

    def read_message(self, deadline):
        while b"\0" not in self.buffer:
            if time.monotonic() > deadline:
                raise Failure("Chromium did not answer")
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise Failure("Chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 30
        while True:
            answer = self.read_message(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise Failure("%s: %s" % (method, answer["error"]))
                return answer["result"]
            self.events.append(answer)

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise Failure("page script failed: %s" % result["exceptionDetails"])
        return result["result"].get("value")

    def wait_for(self, expression, what, seconds=15):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = self.evaluate("!!(%s)" % expression)  # an element is {} by value: falsy here
            if value:
                return value
            time.sleep(0.1)
        raise Failure("timed out waiting for %s; the page says: %r; console: %s" % (
            what, self.evaluate("document.body.innerText")[:1500], self.console_messages()))

    def navigate(self, url):
        self.call("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'", "the page to load")

    def type_text(self, selector, text):
        self.evaluate("(e => { e.focus(); e.setSelectionRange(e.value.length, e.value.length); })"
                      "(document.querySelector(%s))" % json.dumps(selector))
        for word in re.findall(r"\s*\S+\s*", text):  # as a person types: several input events
            self.call("Input.insertText", {"text": word})
            time.sleep(0.05)

    def console_messages(self):
        out = []
        for e in self.events:
            method, params = e.get("method"), e.get("params", {})
            if method == "Runtime.consoleAPICalled":
                out.append("console.%s: %s" % (params["type"], [a.get("value", a.get(
                    "description")) for a in params.get("args", [])]))
            elif method == "Runtime.exceptionThrown":
                out.append("exception: %s" % params["exceptionDetails"])
            elif method == "Log.entryAdded":
                out.append("log %s: %s" % (params["entry"]["level"], params["entry"]["text"]))
        return out

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Failure:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run(args, workdir):
    server = Server(args.fiducia, workdir)
    browser = None
    try:
        server.post_events(sample_events())
        browser = Browser(args.chromium, os.path.join(workdir, "profile"))
        browser.navigate(server.url + "/")

        # A token exists: the page asks for it once, then keeps it in sessionStorage.
        browser.wait_for("!document.getElementById('login').hidden", "the token form")
        browser.type_text("#token", server.token)
        browser.evaluate("document.querySelector('#login-form button').click()")
        browser.wait_for("document.querySelectorAll('#waiting-rows tr').length === 3",
                         "three waiting rows")
        check(browser.evaluate("sessionStorage.getItem('fiducia.token')") == server.token,
              "the token is not kept in sessionStorage")
        customers = browser.evaluate(
            "[...document.querySelectorAll('#waiting-rows tr')].map(r => r.dataset.customer)")
        check(set(customers) == {"+393331234567", HOSTILE_CUSTOMER, "luca@example.it"},
              "waiting customers: %s" % customers)
        # Least time left first: the two long overdue, then the chat whose target is ahead.
        check(customers[-1] == "luca@example.it", "order: %s" % customers)

        # The countdowns are live: each shows a time and moves by itself, down to the target for
        # the chat, up past it for the overdue.
        for customer, late in (("luca@example.it", False), ("+393331234567", True)):
            countdown = ("document.querySelector(\"#waiting-rows tr[data-customer='%s'] "
                         ".countdown\").textContent" % customer)
            first = browser.evaluate(countdown)
            check(re.fullmatch(r"(late by )?(\d+d )?\d+:\d\d:\d\d", first),
                  "countdown text: %r" % first)
            check(first.startswith("late by") == late, "countdown of %s: %r" % (customer, first))
            browser.wait_for("%s !== %s" % (countdown, json.dumps(first)),
                             "the countdown of %s to move" % customer)

        # A customer's timeline, with the finding on its message.
        browser.evaluate("document.querySelector(\"#waiting-rows tr[data-customer='+393331234567']"
                         " button\").click()")
        browser.wait_for("document.querySelector('#timeline-events li[data-id=\"w1\"] .badge')",
                         "the timeline of +393331234567")
        badges = browser.evaluate("[...document.querySelectorAll('#timeline-events .badge')]"
                                  ".map(b => b.textContent)")
        check("unanswered" in badges, "no unanswered finding on the timeline: %s" % badges)
        check(browser.evaluate("document.getElementById('timeline-findings').textContent"
                               ".includes('WhatsApp')"), "the finding's explanation is missing")

        # Another customer by handle, across the lookup form: findings on the late answer.
        browser.evaluate("document.getElementById('lookup-handle').value = 'anna@example.it';"
                         "document.querySelector('#lookup button').click()")
        browser.wait_for("document.querySelector('#timeline-events li[data-id=\"e1\"]')",
                         "anna's timeline")
        check("late_reply" in browser.evaluate(
            "document.getElementById('timeline-events').textContent"), "no late_reply")

        # Hostile text: shown as text, never parsed.
        browser.evaluate(
            "document.querySelector(\"#waiting-rows tr[data-customer='%s'] button\").click()"
            % HOSTILE_CUSTOMER)
        browser.wait_for("document.querySelector('#timeline-events li[data-id=\"h2\"]')",
                         "the hostile customer's timeline")
        text = browser.evaluate("document.body.textContent")
        for shown in (HOSTILE_ID, HOSTILE_AGENT, HOSTILE_CUSTOMER):
            check(shown in text, "hostile text not shown as text: %r" % shown)
        check(browser.evaluate("document.querySelectorAll('img, b').length") == 0,
              "hostile markup became elements")
        check(browser.evaluate("document.scripts.length") == 1, "a hostile script element")
        check(browser.evaluate("typeof window.pwned") == "undefined", "hostile code ran")

        # The coach reads the draft as it is typed (debounced calls to POST /v1/coach).
        browser.type_text("#draft", "Scusa per il ritardo, verifico subito.")
        browser.wait_for("document.querySelector('#advice li[data-rule=\"apology_wording\"]')",
                         "the coach's advice on 'scusa'")
        advice = browser.evaluate("document.getElementById('advice').textContent")
        check("scusa per" in advice, "the advice does not name the words: %r" % advice)

        # The other language, and the screenshot.
        browser.evaluate("document.getElementById('lang').click()")
        browser.wait_for("document.documentElement.lang === 'it' && "
                         "document.querySelector('#waiting h2').textContent === "
                         "'In attesa di risposta' && "
                         "document.querySelectorAll('#waiting-rows tr').length === 3",
                         "the Italian page")
        browser.evaluate("document.querySelector(\"#waiting-rows tr[data-customer='+393331234567']"
                         " button\").click()")
        browser.wait_for("document.querySelector('#timeline-events li[data-id=\"w1\"]')",
                         "the timeline again")
        browser.type_text("#draft", " Non è colpa nostra.")
        draft = browser.evaluate("document.getElementById('draft').value")
        check(draft.endswith("subito. Non è colpa nostra."), "the draft: %r" % draft)
        browser.wait_for("document.querySelector('#advice li[data-rule=\"blame_shifting\"]')",
                         "the coach's advice on blame")
        os.makedirs(args.artefacts, exist_ok=True)
        shot = os.path.join(args.artefacts, "web_page.png")
        browser.screenshot(shot)
        check(os.path.getsize(shot) > 20000, "a blank screenshot?")

        # No console message at all: no error, no CSP violation, no failed request.
        messages = browser.console_messages()
        check(messages == [], "console messages:\n  " + "\n  ".join(messages))
        # And the check sees one when there is one.
        browser.evaluate("console.error('planted')")
        time.sleep(0.2)
        browser.evaluate("1")  # collect the event
        check(any("planted" in m for m in browser.console_messages()),
              "the console check would miss errors")
    finally:
        if browser:
            browser.close()
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fiducia", required=True)
    parser.add_argument("--artefacts", required=True)
    parser.add_argument("--chromium", default=os.environ.get("FIDUCIA_CHROMIUM", ""))
    args = parser.parse_args()
    if not args.chromium:
        args.chromium = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    if not args.chromium:
        print("skipped: no chromium (apt-get install chromium)")
        return 77
    workdir = tempfile.mkdtemp(prefix="fiducia-web-")
    try:
        run(args, workdir)
    except Failure as failure:
        print("FAILED:", failure)
        log = os.path.join(workdir, "serve.log")
        if os.path.exists(log):
            print("--- fiducia serve's log ---\n" + open(log).read()[-4000:])
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    print("passed: waiting list, countdown, timeline with findings, coach, hostile text inert, "
          "no console message; screenshot in " + args.artefacts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
