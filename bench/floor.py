#!/usr/bin/env python3
"""The kernel's share of a build, done alone: the file work any generator of the same pages
must do, with nothing else. It reads every Markdown source of a corpus (open, read, close),
then writes a tree with the same files, sizes and folders as a build's output (one mkdir per
folder, one open, write and close per file), and reports the system CPU time of each part:
the time spent in the kernel, which the build's own "sys" figure can be set against.

    python3 bench/floor.py CONTENT OUTPUT SCRATCH [RUNS]

CONTENT is the corpus's content folder, OUTPUT a build's output (only its file names and
sizes are read, before the timing starts), SCRATCH a folder to write into (removed before
each run and at the end). Prints one JSON object: the medians over RUNS runs (default 5)."""

import json
import os
import resource
import shutil
import statistics
import sys


def sources(content):
    return sorted(os.path.join(d, f) for d, _, fs in os.walk(content) for f in fs if f.endswith(".md"))


def output_files(output):
    files = []
    for d, _, fs in os.walk(output):
        for f in fs:
            path = os.path.join(d, f)
            files.append((os.path.relpath(path, output), os.path.getsize(path)))
    return files


def system_time():
    return resource.getrusage(resource.RUSAGE_SELF).ru_stime


def one_run(paths, files, scratch, blob):
    shutil.rmtree(scratch, ignore_errors=True)
    start = system_time()
    kept = []
    for path in paths:
        with open(path, "rb") as f:
            kept.append(f.read())
    read = system_time()
    made = set()
    for rel, size in files:
        path = os.path.join(scratch, rel)
        parent = os.path.dirname(path)
        if parent not in made:
            try:
                os.mkdir(parent)
            except FileNotFoundError:
                # A folder above it holds no file of its own, so it was not made yet.
                os.makedirs(parent)
            made.add(parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, blob[:size])
        os.close(fd)
    written = system_time()
    return read - start, written - read, sum(map(len, kept)), len(made)


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    content, output, scratch = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) == 5 else 5
    paths = sources(content)
    files = output_files(output)
    blob = b"x" * max(size for _, size in files)
    results = [one_run(paths, files, scratch, blob) for _ in range(runs)]
    shutil.rmtree(scratch, ignore_errors=True)
    read = statistics.median(r[0] for r in results)
    write = statistics.median(r[1] for r in results)
    print(json.dumps({
        "sources": len(paths),
        "source_bytes": results[0][2],
        "files": len(files),
        "file_bytes": sum(size for _, size in files),
        "folders": results[0][3],
        "read_sys": read,
        "write_sys": write,
        "sys": statistics.median(r[0] + r[1] for r in results),
        "runs": runs,
    }))


if __name__ == "__main__":
    main()
