#!/usr/bin/env python3
"""Writes IMDb reviews with their star ratings as a tab-separated file for `bertgen finetune --task Regression`.

The IMDb CSV has only the sentiment; IMDB_Dataset.provenance.tsv.gz (beside it in the shared data) gives every
row's rating (1-4 negative, 7-10 positive).  Usage:
    python3 tools/make_imdb_ratings.py ../shared/data/imdb FIRST_ROW LAST_ROW out.tsv
Tabs and line breaks inside a review become spaces (the file is read without quote processing).
"""
import csv
import gzip
import sys

folder, first, last, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
csv.field_size_limit(10**9)
with gzip.open(f"{folder}/IMDB_Dataset.csv.gz", "rt", encoding="utf-8", newline="") as f:
    reviews = [row[0] for row in csv.reader(f)][1:]
with gzip.open(f"{folder}/IMDB_Dataset.provenance.tsv.gz", "rt", encoding="utf-8") as f:
    header = f.readline().rstrip("\n").split("\t")
    ratings = [line.rstrip("\n").split("\t")[header.index("rating")] for line in f]
assert len(reviews) == len(ratings) == 50000, (len(reviews), len(ratings))
with open(out, "w", encoding="utf-8") as f:
    f.write("review\trating\n")
    for row in range(first, last + 1):
        f.write(" ".join(reviews[row].split()) + "\t" + ratings[row] + "\n")
