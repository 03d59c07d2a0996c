#!/usr/bin/env python3
"""The peer of bench/e2e.sh: first-reply time per channel, computed with pandas the way an analyst
would, from canonical events (JSON Lines, ../shared/spec/events.md).

For each conversation: its first customer message that waits for an answer (inbound, not automatic,
not a phone call an agent took), and the first later company message of the conversation that can
answer it (outbound, not automatic, not a 0-second call). The wait is measured in business time:
Monday to Friday 09:00-18:00 Europe/Rome, Italian national holidays. Per channel of the request:
answered, unanswered, the (lower) median wait and the sum of waits, in seconds.

    python3 bench/pandas_first_reply.py corpus.jsonl [--as-of TIME]
Prints one line a channel: channel answered unanswered median_s sum_s (what bench/first_reply
prints for fiducia's own figures), then the time it took on standard error.
"""
import argparse
import datetime as dt
import sys
import time

import numpy as np
import pandas as pd

DAY_START, DAY_LENGTH = 9 * 3600, 9 * 3600


def easter_sunday(year):
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month = (h + l - 7 * m + 90) // 25
    return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def italian_holidays(years):
    days = []
    for y in years:
        days += [dt.date(y, m, d) for m, d in
                 [(1, 1), (1, 6), (4, 25), (5, 1), (6, 2), (8, 15), (11, 1), (12, 8), (12, 25),
                  (12, 26)]]
        days.append(easter_sunday(y) + dt.timedelta(days=1))
    return np.array(days, dtype="datetime64[D]")


def business_clock(at_utc, holidays):
    """Business seconds from 1970-01-01 to each instant (Europe/Rome)."""
    local = at_utc.dt.tz_convert("Europe/Rome")
    midnight = local.dt.normalize()
    tod = (local - midnight).dt.total_seconds().to_numpy().astype(np.int64)
    day = local.dt.tz_localize(None).dt.normalize().to_numpy().astype("datetime64[D]")
    before = np.busday_count(np.datetime64("1970-01-01"), day, holidays=holidays)
    open_day = np.is_busday(day, holidays=holidays)
    within = np.where(open_day, np.clip(tod - DAY_START, 0, DAY_LENGTH), 0)
    return before.astype(np.int64) * DAY_LENGTH + within


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--as-of", help="ignore events after this instant (RFC 3339)")
    args = parser.parse_args()
    started = time.perf_counter()

    df = pd.read_json(args.corpus, lines=True, dtype=False, convert_dates=False)
    if "type" in df:
        df = df[df["type"].isna() | (df["type"] == "message")]
    for column in ("auto", "agent", "duration_s", "conversation"):
        if column not in df:
            df[column] = np.nan
    df = df.assign(at_utc=pd.to_datetime(df["at"], utc=True))
    if args.as_of:
        df = df[df["at_utc"] <= pd.Timestamp(args.as_of).tz_convert("UTC")]
    df = df.assign(auto=df["auto"].fillna(False).astype(bool),
                   duration=pd.to_numeric(df["duration_s"]).fillna(-1))
    df = df.sort_values(["at_utc", "id"], kind="stable")

    phone = df["channel"] == "phone"
    handled_call = phone & df["agent"].notna() & (df["duration"] != 0)
    requests = df[(df["direction"] == "in") & ~df["auto"] & ~handled_call]
    first = requests.groupby("conversation", sort=False).head(1)[
        ["conversation", "channel", "at_utc"]]
    answers = df[(df["direction"] == "out") & ~df["auto"] & ~(phone & (df["duration"] == 0))][
        ["conversation", "at_utc"]]

    pairs = first.merge(answers, on="conversation", suffixes=("", "_answer"))
    pairs = pairs[pairs["at_utc_answer"] > pairs["at_utc"]]
    answer_at = pairs.groupby("conversation")["at_utc_answer"].min()
    first = first.assign(answer_at=first["conversation"].map(answer_at))

    holidays = italian_holidays(range(first["at_utc"].dt.year.min() - 1,
                                      first["at_utc"].dt.year.max() + 2))
    answered = first[first["answer_at"].notna()]
    waits = (business_clock(pd.to_datetime(answered["answer_at"], utc=True), holidays)
             - business_clock(answered["at_utc"], holidays))
    answered = answered.assign(wait=waits)
    stats = answered.groupby("channel")["wait"].agg(
        answered="count", median=lambda s: s.quantile(0.5, interpolation="lower"), total="sum")
    stats["unanswered"] = first[first["answer_at"].isna()].groupby("channel").size()
    stats = stats.fillna(0).astype(np.int64).sort_index()
    for channel, row in stats.iterrows():
        print(channel, row["answered"], row["unanswered"], row["median"], row["total"])
    print(f"pandas_seconds={time.perf_counter() - started:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
