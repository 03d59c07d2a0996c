#!/usr/bin/env python3
"""Turns tweets written by blind helpers into the files blind_eval scores, once every real inbound
tweet of ../shared/realdata/twitter had been drawn (heldout6 onwards). Each helper wrote, in
<split>/part_<x>/, inbound.jsonl and company.jsonl (ids "tw-<x>-<n>", an optional `replies_to`) with
labels/*.labels.jsonl beside them (or in the part folder itself). This script changes no label: it
gives every tweet a numeric id (the form the Twitter reader reads), writes the tweets as a
customer-support CSV (`written.csv`, the columns of the Kaggle export, replied-to tweets as their
parents) and the split's inbound.jsonl, company.jsonl and labels/ with the new ids, each line keeping
the helper's id as `written_id`.

  python3 tools/eval/written_tweets.py data/eval/tweets/heldout6
"""
import csv
import datetime
import json
import os
import re
import sys

BASE = 900_000_000
PARENT = 100_000


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def labels_path(part, name):
    for candidate in (os.path.join(part, "labels", name), os.path.join(part, name)):
        if os.path.exists(candidate):
            return candidate
    sys.exit(f"{part}: no {name}")


def twitter_time(at):
    return at.strftime("%a %b %d %H:%M:%S +0000 %Y")


def main():
    split = sys.argv[1]
    parts = sorted(p for p in os.listdir(split) if p.startswith("part_"))
    rows, out = [], {"inbound": [], "company": []}
    labels = {"inbound": [], "company": []}
    at = datetime.datetime(2026, 3, 2, 8, 0, 0)
    for p_index, part_name in enumerate(parts, start=1):
        part = os.path.join(split, part_name)
        n = 0
        written = {}  # (author, text) -> id: a company reply to a tweet of this part is its child
        for name, inbound in (("inbound", True), ("company", False)):
            ids = {}
            for t in read_jsonl(os.path.join(part, name + ".jsonl")):
                n += 1
                tid = BASE + p_index * 1_000_000 + n
                ids[t["id"]] = tid
                at += datetime.timedelta(minutes=7)
                parent = ""
                r = t.get("replies_to")
                if r and (r["author"], r["text"]) in written:
                    parent = str(written[(r["author"], r["text"])])
                elif r:
                    parent = str(tid + PARENT)
                    # A company tweet answers someone (the reader skips one that answers no
                    # tweet): it is given the customer's earlier tweet, unlabelled and never scored.
                    grandparent = ""
                    if r.get("company"):
                        grandparent = str(tid + 2 * PARENT)
                        rows.append([grandparent, t["author"], "True",
                                     twitter_time(at - datetime.timedelta(minutes=6)),
                                     f"@{r['author']} (an earlier tweet, not written)", parent, ""])
                    rows.append([parent, r["author"], str(not r.get("company", False)),
                                 twitter_time(at - datetime.timedelta(minutes=5)), r["text"],
                                 str(tid), grandparent])
                opener = re.match(r"@(\d+)\b", t["text"])
                if not inbound and not r and opener:
                    # A company reply written without the tweet it answers: that customer's
                    # earlier tweet, unlabelled and never scored, as for a company parent.
                    parent = str(tid + 2 * PARENT)
                    rows.append([parent, opener.group(1), "True",
                                 twitter_time(at - datetime.timedelta(minutes=6)),
                                 f"@{t['author']} (an earlier tweet, not written)", str(tid), ""])
                rows.append([str(tid), t["author"], str(inbound), twitter_time(at), t["text"], "",
                             parent])
                written[(t["author"], t["text"])] = tid
                entry = {"id": f"tw-{tid}", "written_id": t["id"], "author": t["author"],
                         "text": t["text"]}
                if t.get("replies_to"):
                    entry["replies_to"] = t["replies_to"]
                out[name].append(entry)
            for label in read_jsonl(labels_path(part, name + ".labels.jsonl")):
                if label["id"] not in ids:
                    sys.exit(f"{part}: label for unknown tweet {label['id']}")
                labels[name].append(dict(label, id=f"tw-{ids[label['id']]}",
                                         written_id=label["id"]))
    with open(os.path.join(split, "written.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id",
                    "in_response_to_tweet_id"])
        w.writerows(rows)
    os.makedirs(os.path.join(split, "labels"), exist_ok=True)
    for name in ("inbound", "company"):
        with open(os.path.join(split, name + ".jsonl"), "w", encoding="utf-8") as f:
            for e in out[name]:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
        with open(os.path.join(split, "labels", name + ".labels.jsonl"), "w",
                  encoding="utf-8") as f:
            for e in labels[name]:
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(split, len(out["inbound"]), "inbound,", len(out["company"]), "company,", len(rows),
          "rows")


if __name__ == "__main__":
    main()
