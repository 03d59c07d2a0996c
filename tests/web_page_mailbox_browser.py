#!/usr/bin/env python3
"""A sample support mailbox in fiducia serve's web page (issue 20: "a sample mailbox shows in the
web page").

Delivers mail to a fresh mailbox of the test Dovecot (scripts/imap-test-server.sh, as
scripts/test.sh starts it: FIDUCIA_TEST_IMAP_URL, FIDUCIA_TEST_IMAPS_URL,
FIDUCIA_TEST_IMAP_CA_FILE): two customers write to the inbox, the team answers one of them from
the sent folder ("Emma - Assistenza Clienti", a shared address). A real `fiducia serve` reads that
mailbox over imaps:// ([[serve.mailbox]] with ca_file, the password from the environment), and
the check is what a person sees: the page's JSON feed (GET /v1/waiting) and, in headless Chromium
(tests/web_page_browser.py's driver), the waiting list holding the customer still waiting, by
e-mail, not the answered one; the answered customer's timeline naming Emma as the agent; no
console message. A screenshot goes to --artefacts/web_page_mailbox.png.

Exit status 0: passed; 1: failed; 77: skipped (no IMAP test server, except under CI=true; or no
chromium, after the JSON feed was checked).
"""

import argparse
import datetime
import email.utils
import imaplib
import json
import os
import shutil
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_page_browser import Browser, Failure, Server, check  # noqa: E402

PASSWORD = "fiducia-test"
PASSWORD_ENV = "FIDUCIA_TEST_WEB_MAILBOX_PASSWORD"
WAITING = "mario.rossi@example.com"
ANSWERED = "anna.bianchi@example.com"


def mail(message_id, sender, to, at, subject, body, in_reply_to=None):
    lines = ["From: " + sender, "To: " + to, "Date: " + email.utils.format_datetime(at),
             "Subject: " + subject, "Message-ID: <%s>" % message_id]
    if in_reply_to:
        lines += ["In-Reply-To: <%s>" % in_reply_to, "References: <%s>" % in_reply_to]
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode()


def deliver(imap_url, user):
    """The sample mailbox: two questions in the inbox, one answer in Sent."""
    url = urllib.parse.urlsplit(imap_url)
    now = datetime.datetime.now(datetime.timezone.utc)
    box = imaplib.IMAP4(url.hostname, url.port)
    box.login(user, PASSWORD)
    for folder, message in (
            ("INBOX", mail("q-anna@example.com", "Anna Bianchi <%s>" % ANSWERED,
                           "assistenza@acme.it", now - datetime.timedelta(hours=3),
                           "Fattura di febbraio", "La fattura di febbraio è sbagliata, "
                           "potete correggerla?")),
            ("Sent", mail("a-anna@acme.it", "Emma - Assistenza Clienti <assistenza@acme.it>",
                          ANSWERED, now - datetime.timedelta(hours=2), "Re: Fattura di febbraio",
                          "Gentile Anna, la fattura corretta è in allegato.",
                          in_reply_to="q-anna@example.com")),
            ("INBOX", mail("q-mario@example.com", "Mario Rossi <%s>" % WAITING,
                           "assistenza@acme.it", now - datetime.timedelta(minutes=5),
                           "Ordine 123 non arrivato", "Buongiorno, il mio ordine 123 non è "
                           "ancora arrivato. Potete verificare?"))):
        typ, _ = box.append(folder, None, None, message)
        check(typ == "OK", "APPEND to %s failed" % folder)
    box.logout()


def write_config(path, tls_url, ca_file, user):
    with open(path, "w") as f:
        f.write('[[serve.mailbox]]\nname = "assistenza"\nurl = "%s"\nca_file = "%s"\n'
                'user = "%s"\npassword_env = "%s"\naddress = "assistenza@acme.it"\n'
                'poll_every = "1s"\n' % (tls_url, ca_file, user, PASSWORD_ENV))


def wait_for_feed(server):
    """The page's JSON feed: the waiting customer, by e-mail; the answered one gone."""
    deadline = time.monotonic() + 30
    while True:
        feed = json.loads(server.get("/v1/waiting"))
        customers = [w["customer"] for w in feed["waiting"]]
        if customers == [WAITING]:
            check(feed["waiting"][0]["channel"] == "email", "channel: %s" % feed["waiting"][0])
            return feed
        if time.monotonic() > deadline:
            raise Failure("the mailbox did not reach /v1/waiting: %s" % feed)
        time.sleep(0.2)


def run(args, workdir, urls):
    imap_url, tls_url, ca_file = urls
    user = "web%d" % os.getpid()
    deliver(imap_url, user)
    config = os.path.join(workdir, "fiducia.toml")
    write_config(config, tls_url, ca_file, user)
    os.environ[PASSWORD_ENV] = PASSWORD  # the server inherits it
    server = Server(args.fiducia, workdir, config)
    browser = None
    try:
        wait_for_feed(server)
        if not args.chromium:
            return 77
        browser = Browser(args.chromium, os.path.join(workdir, "profile"))
        browser.navigate(server.url + "/")
        browser.wait_for("!document.getElementById('login').hidden", "the token form")
        browser.type_text("#token", server.token)
        browser.evaluate("document.querySelector('#login-form button').click()")
        browser.wait_for("document.querySelectorAll('#waiting-rows tr').length === 1",
                         "one waiting row")
        row = "document.querySelector(\"#waiting-rows tr[data-customer='%s']\")" % WAITING
        check(browser.evaluate("!!" + row), "the mailbox's customer is not in the waiting list")
        cells = browser.evaluate("[...%s.cells].map(c => c.textContent)" % row)
        check(cells[0].startswith(WAITING) and "q-mario@example.com" in cells[0],
              "the row does not name the customer and the mail's Message-ID: %s" % cells)
        check(cells[1] == "e-mail", "channel cell: %s" % cells)

        # The answered customer: the question and Emma's answer, read from Sent.
        browser.evaluate("document.getElementById('lookup-handle').value = %s;"
                         "document.querySelector('#lookup button').click()" % json.dumps(ANSWERED))
        browser.wait_for("document.querySelectorAll('#timeline-events li').length === 2",
                         "the answered customer's timeline")
        timeline = browser.evaluate("document.getElementById('timeline-events').textContent")
        check("Emma" in timeline, "the agent is not the person of the display name: %r" % timeline)

        browser.evaluate("%s.querySelector('button').click()" % row)
        browser.wait_for("document.getElementById('timeline-customer').textContent === %s"
                         % json.dumps(WAITING), "the waiting customer's timeline")
        os.makedirs(args.artefacts, exist_ok=True)
        shot = os.path.join(args.artefacts, "web_page_mailbox.png")
        browser.screenshot(shot)
        check(os.path.getsize(shot) > 10000, "a blank screenshot?")
        messages = browser.console_messages()
        check(messages == [], "console messages:\n  " + "\n  ".join(messages))
    finally:
        if browser:
            browser.close()
        code = server.stop()
    check(code == 0, "fiducia serve exited with %s on SIGTERM" % code)
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fiducia", required=True)
    parser.add_argument("--artefacts", required=True)
    parser.add_argument("--chromium", default=os.environ.get("FIDUCIA_CHROMIUM", ""))
    args = parser.parse_args()
    urls = [os.environ.get(name, "") for name in (
        "FIDUCIA_TEST_IMAP_URL", "FIDUCIA_TEST_IMAPS_URL", "FIDUCIA_TEST_IMAP_CA_FILE")]
    if not all(urls):
        print("skipped: needs FIDUCIA_TEST_IMAP_URL, FIDUCIA_TEST_IMAPS_URL and "
              "FIDUCIA_TEST_IMAP_CA_FILE (scripts/imap-test-server.sh; scripts/test.sh sets them)")
        return 1 if os.environ.get("CI") == "true" else 77
    if not args.chromium:
        args.chromium = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    workdir = tempfile.mkdtemp(prefix="fiducia-web-mailbox-")
    try:
        code = run(args, workdir, urls)
    except Failure as failure:
        print("FAILED:", failure)
        log = os.path.join(workdir, "serve.log")
        if os.path.exists(log):
            print("--- fiducia serve's log ---\n" + open(log).read()[-4000:])
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    if code == 77:
        print("JSON feed passed; the browser part skipped: no chromium (apt-get install chromium)")
        return 77
    print("passed: a mailbox read over imaps:// shows its waiting customer in the JSON feed and "
          "the page, the answer from Sent ends the other's wait with Emma as agent; screenshot in "
          + args.artefacts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
