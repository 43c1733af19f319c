"""Turns the UCI sentiment sentences into a two-way multiple-choice set, to check that multiple-choice
training learns what it can: each item asks which of a positive and a negative sentence (same source,
order shuffled) is the positive one.

    python3 tools/make_sentiment_choices.py ../shared/data/uci-sentiment choices.jsonl

Writes JSON Lines {"question", "choice0", "choice1", "label"}; seeded, so the file is the same on every run.
"""
import json
import random
import sys

folder, output = sys.argv[1], sys.argv[2]
rng = random.Random(13)
items = []
for source in ("amazon_cells", "imdb", "yelp"):
    positive, negative = [], []
    with open(f"{folder}/{source}_labelled.txt", encoding="utf-8") as lines:
        for line in lines:
            text, label = line.rstrip("\n").rsplit("\t", 1)
            (positive if label.strip() == "1" else negative).append(text.strip())
    rng.shuffle(positive)
    rng.shuffle(negative)
    for good, bad in zip(positive, negative):
        answer = rng.randrange(2)
        choices = [bad, bad]
        choices[answer] = good
        choices[1 - answer] = bad
        items.append({"question": "Which review is positive?", "choice0": choices[0], "choice1": choices[1], "label": answer})
rng.shuffle(items)
with open(output, "w", encoding="utf-8") as out:
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
print(f"{len(items)} items, {sum(i['label'] for i in items)} with the positive sentence second")
