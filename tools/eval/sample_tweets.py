#!/usr/bin/env python3
"""Draws the tweets the blind labellers label, from ../shared/realdata/twitter (all three files,
deduplicated by tweet id), deterministically: inbound tweets for "needs an answer", company
tweets for the wording rules. Each split is a separate draw with no tweet in two splits. The
labellers see these files only (never fiducia's code, lexicons or results).

  python3 tools/eval/sample_tweets.py ../shared/realdata/twitter data/eval/tweets
"""
import csv
import hashlib
import json
import os
import sys


def read_all(folder):
    tweets = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        with open(os.path.join(folder, name), newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                tid = row["tweet_id"].strip()
                if tid and tid not in tweets:
                    row["inbound"] = row["inbound"].strip().lower() == "true"
                    tweets[tid] = row
    return tweets


def key(tid):
    return hashlib.sha256(("fiducia-eval-" + tid).encode()).hexdigest()


def parent_of(row):
    p = (row.get("in_response_to_tweet_id") or "").strip()
    return p[:-2] if p.endswith(".0") else p


def entry(tid, row, tweets):
    parent = tweets.get(parent_of(row))
    e = {"id": "tw-" + tid, "author": row["author_id"], "text": row["text"]}
    if parent:
        e["replies_to"] = {"author": parent["author_id"], "text": parent["text"],
                           "company": not parent["inbound"]}
    return e


def main():
    src, out = sys.argv[1], sys.argv[2]
    tweets = read_all(src)
    inbound = sorted((t for t in tweets if tweets[t]["inbound"]), key=key)
    company = sorted((t for t in tweets if not tweets[t]["inbound"]), key=key)
    splits = {"dev": (inbound[:500], company[:300]),
              # the first held-out split ("heldout"), opened for tuning in the fourth session
              "dev2": (inbound[500:1000], company[300:600]),
              # drawn on the second session, after the first held-out split had been scored once;
              # held-out as "heldout2" until the fourth session opened it for tuning
              "dev3": (inbound[1000:1500], company[600:900]),
              # drawn on the third session, after heldout2 had been scored once; held-out as
              # "heldout3" until the fifth session opened it for tuning (scored twice)
              "dev4": (inbound[1500:2000], company[900:1200]),
              # drawn on the fourth session, after heldout3 had been scored once; held-out as
              # "heldout4" until the fifth session opened it for tuning (scored once)
              "dev5": (inbound[2000:2500], company[1200:1500]),
              # drawn on the fifth session, after heldout3 and heldout4 had been scored
              "heldout5": (inbound[2500:3000], company[1500:1800])}
    for split, (ins, outs) in splits.items():
        os.makedirs(os.path.join(out, split), exist_ok=True)
        for name, ids in (("inbound.jsonl", ins), ("company.jsonl", outs)):
            with open(os.path.join(out, split, name), "w", encoding="utf-8") as f:
                for tid in sorted(ids, key=key):
                    f.write(json.dumps(entry(tid, tweets[tid], tweets), ensure_ascii=False) + "\n")
    print(len(tweets), "tweets;", len(inbound), "inbound,", len(company), "company")


if __name__ == "__main__":
    main()
