#!/usr/bin/env python3
"""How far two blind labellers agree on the same conversations: the ceiling a tool's figures can be
read against. data/eval/agreement/ holds dev conversations relabelled by a second helper who saw
only the events (the first writer's labels and title removed, the file renamed to an opaque name
so that it does not point at its original); MAP.tsv there names each one's original in
data/eval/conversations/ (its path with '/' written '__').

  python3 tools/eval/agreement.py [data/eval]

Prints, treating the original writer as the reference: agreement on needs-an-answer, complaint-class
accuracy (with Cohen's kappa), and per rule the second labeller's precision and recall over the
rules both judged.
"""
import collections
import os
import sys


def read_labels(path):
    acts, complaints, expects, judged, promises = {}, {}, set(), set(), set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("# "):
                continue
            key, _, rest = line[2:].partition(":")
            words = rest.split()
            if key == "act" and len(words) >= 2:
                acts[words[0]] = words[1]
            elif key == "complaint" and len(words) >= 2:
                complaints[words[0]] = words[1]
            elif key == "judged":
                judged.update(words)
            elif key == "expect" and len(words) >= 2:
                expects.add((words[0], words[1]))
            elif key == "promise" and words:
                promises.add(words[0])
    return acts, complaints, expects, judged, promises


def ratio(a, b):
    return a / b if b else 1.0


def kappa(pairs):
    n = len(pairs)
    if not n:
        return 1.0
    agree = sum(a == b for a, b in pairs) / n
    left = collections.Counter(a for a, _ in pairs)
    right = collections.Counter(b for _, b in pairs)
    chance = sum(left[k] * right[k] for k in left) / (n * n)
    return (agree - chance) / (1 - chance) if chance < 1 else 1.0


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "data/eval"
    second_dir = os.path.join(root, "agreement")
    act_pairs, class_pairs = [], []
    rule = collections.defaultdict(lambda: [0, 0, 0])  # tp fp fn, second vs original
    promise = [0, 0, 0]
    with open(os.path.join(second_dir, "MAP.tsv"), encoding="utf-8") as f:
        originals = dict(line.rstrip("\n").split("\t") for line in f if line.strip())
    names = sorted(originals)
    for name in names:
        original = os.path.join(root, "conversations", originals[name].replace("__", "/"))
        a = read_labels(original)
        b = read_labels(os.path.join(second_dir, name))
        act_pairs += [(a[0][m], b[0][m]) for m in a[0] if m in b[0]]
        class_pairs += [(a[1][c], b[1][c]) for c in a[1] if c in b[1]]
        for r in a[3] & b[3]:
            ea = {x for x in a[2] if x[0] == r}
            eb = {x for x in b[2] if x[0] == r}
            rule[r][0] += len(ea & eb)
            rule[r][1] += len(eb - ea)
            rule[r][2] += len(ea - eb)
        promise[0] += len(a[4] & b[4])
        promise[1] += len(b[4] - a[4])
        promise[2] += len(a[4] - b[4])
    print(f"{len(names)} conversations labelled by two blind helpers (reference: the writer)")
    same = sum(x == y for x, y in act_pairs)
    print(f"needs an answer: agree {same}/{len(act_pairs)} = {ratio(same, len(act_pairs)):.2f}"
          f"  kappa {kappa(act_pairs):.2f}")
    same = sum(x == y for x, y in class_pairs)
    print(f"complaint class: agree {same}/{len(class_pairs)} = {ratio(same, len(class_pairs)):.2f}"
          f"  kappa {kappa(class_pairs):.2f}")
    confusion = collections.Counter(class_pairs)
    print("  " + "  ".join(f"{x}->{y} {n}" for (x, y), n in sorted(confusion.items())))
    print(f"{'rule':30} {'P':>5} {'R':>5} {'tp':>4} {'fp':>4} {'fn':>4}")
    total = [0, 0, 0]
    for r in sorted(rule):
        tp, fp, fn = rule[r]
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
        print(f"{r:30} {ratio(tp, tp + fp):5.2f} {ratio(tp, tp + fn):5.2f} {tp:4} {fp:4} {fn:4}")
    tp, fp, fn = total
    print(f"{'all rules both judged':30} {ratio(tp, tp + fp):5.2f} {ratio(tp, tp + fn):5.2f} "
          f"{tp:4} {fp:4} {fn:4}")
    tp, fp, fn = promise
    print(f"{'promise':30} {ratio(tp, tp + fp):5.2f} {ratio(tp, tp + fn):5.2f} {tp:4} {fp:4} {fn:4}")


if __name__ == "__main__":
    main()
