#!/usr/bin/python3
"""Writes one hostile input of the catalogue (see README beside this file): gen.py CASE OUT.
Every case is made here, byte for byte the same on each run, so that the large ones need not
be committed and the small ones can be read in one place."""
import random
import sys

TS = '"ts":"2026-11-22T10:00:00.000Z"'
GOOD = '{' + TS + ',"name":"hostile.good","value":1}\n'


def record(body):
    return '{' + TS + ',' + body + '}\n'


def cases():
    return {
        # bytes that are not UTF-8: a lone continuation byte, an overlong "/", a surrogate
        "invalid_utf8": lambda: GOOD.encode() + b'{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":1,"tags":{"h":"\x80"}}\n'
        + b'{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":2,"tags":{"h":"\xc0\xaf"}}\n'
        + b'{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":3,"tags":{"h":"\xed\xa0\x80"}}\n',
        # a raw NUL inside a string and between members; an escaped one (\u0000) is valid JSON
        "nul_bytes": lambda: GOOD.encode() + b'{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":1,"tags":{"h":"a\x00b"}}\n'
        + b'{"ts":"2026-11-22T10:00:00.000Z",\x00"name":"m","value":2}\n'
        + b'{"ts":"2026-11-22T10:00:00.000Z","name":"m","value":3,"tags":{"h":"a\\u0000b"}}\n',
        # one line of 50 MB (a tag value), then a good record
        "line_50mb": lambda: record('"name":"m","value":1,"tags":{"h":"' + "x" * (50 << 20) + '"}').encode() + GOOD.encode(),
        "value_1e400": lambda: (GOOD + record('"name":"m","value":1e400') + record('"name":"m","value":-1e400')).encode(),
        "negative_zero": lambda: (record('"name":"m","value":-0') + record('"name":"m","value":-0.0')).encode(),
        "nan_infinity": lambda: (GOOD + record('"name":"m","value":NaN') + record('"name":"m","value":Infinity')
                         + record('"name":"m","value":-Infinity')).encode(),
        # integers past 2^64 as the value and in an extra field, kept exactly in the extra field
        "huge_integers": lambda: (record('"name":"m","value":123456789012345678901234567890')
                          + record('"name":"m","value":1,"id":123456789012345678901234567890123456789')).encode(),
        "nesting_10000": lambda: (GOOD + record('"name":"m","value":1,"deep":' + "[" * 10000 + "]" * 10000)).encode(),
        "duplicate_keys": lambda: (GOOD + record('"name":"m","value":1,"value":2') + record('"name":"m","name":"n","value":1')
                           + record('"name":"m","value":1,"tags":{"h":"a","h":"b"}')
                           + record('"name":"m","value":1,"x":1,"x":2')).encode(),
        "tags_100000": lambda: record('"name":"m","value":1,"tags":{'
                              + ",".join(f'"k{i}":"v{i}"' for i in range(100000)) + '}').encode(),
        "tag_value_1mb": lambda: record('"name":"m","value":1,"tags":{"h":"' + "v" * (1 << 20) + '"}').encode(),
        "crlf": lambda: (GOOD.replace("\n", "\r\n") + record('"name":"m","value":2').replace("\n", "\r\n")).encode(),
        "bom": lambda: b"\xef\xbb\xbf" + GOOD.encode() + record('"name":"m","value":2').encode(),
        "empty_lines": lambda: ("\n\n" + GOOD + "\n   \n\t\n" + record('"name":"m","value":2') + "\n").encode(),
        "year_1_and_9999": lambda: ('{"ts":"0001-01-01T00:00:00.000Z","name":"m","value":1}\n'
                            '{"ts":"9999-12-31T23:59:59.999Z","name":"m","value":2}\n'
                            '{"ts":"0001-01-01T00:00:00+00:01","name":"m","value":3}\n'
                            '{"ts":"9999-12-31T23:59:59.999-00:01","name":"m","value":4}\n').encode(),
        "epoch_extremes": lambda: (GOOD + '{"ts":1e20,"name":"m","value":1}\n{"ts":-1,"name":"m","value":2}\n'
                           '{"ts":-1e20,"name":"m","value":3}\n').encode(),
        # names that look like paths or shell, and tag values that would run in a shell
        "names_paths_shell": lambda: (GOOD + record('"name":"../../etc/passwd","value":1')
                              + record('"name":"m;rm -rf ~","value":2')
                              + record('"name":"m","value":3,"tags":{"path":"../../x","cmd":"$(touch pwned)`id`;|&"}')
                              ).encode(),
        "binary_10mb": lambda: random.Random(13).randbytes(10 << 20),
    }


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(cases()))
        return
    if len(sys.argv) != 3 or sys.argv[1] not in cases():
        sys.exit("usage: gen.py CASE OUT | gen.py --list")
    with open(sys.argv[2], "wb") as out:
        out.write(cases()[sys.argv[1]]())


if __name__ == "__main__":
    main()
