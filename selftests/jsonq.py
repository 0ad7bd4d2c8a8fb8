#!/usr/bin/python3 -S
# SPDX-License-Identifier: GPL-2.0
"""Answer questions about JSON documents for lib.sh, one process per test.

Under emulation python3 (and jq) take most of a second to start, and the
selftests read o2mctl's and ip's JSON in polling loops. lib.sh starts this
once, as a coprocess, and asks it questions of two lines each:

    path KEY...      the value at KEY... (object keys, list indexes, or
                     id=N: the list element whose "id" is N)
    eval EXPR        a Python expression over the document, named d

followed by the document on one line. The answer is one line: "=" and the
value (true, false, null and numbers as JSON spells them, strings raw, as
jq -r prints them, null past a list's end or below a null; an eval's result
as print() would show it), or "!" and why there is none (no element with
that id, no JSON at all: where jq -r prints nothing). Objects and lists come
on one line, as JSON. Newlines in an answer are sent as US (0x1f).
"""
import json
import sys


def lookup(doc, keys):
    v = doc
    for k in keys:
        if isinstance(v, list):
            if k.startswith("id="):
                found = [e for e in v if isinstance(e, dict) and e.get("id") == int(k[3:])]
                if not found:
                    raise LookupError(f"no element with id {k[3:]}")
                v = found[0]
            else:
                i = int(k)
                if not -len(v) <= i < len(v):
                    return None  # jq's .[N] past the end
                v = v[i]
        elif v is None:
            return None  # jq's null.key
        elif isinstance(v, dict):
            if k not in v:
                return None  # jq's .missing
            v = v[k]
        else:
            raise LookupError(f"{k}: not in a {type(v).__name__}")
    if isinstance(v, str):
        return v
    return json.dumps(v)


def answer(question, text):
    what, _, arg = question.partition(" ")
    doc = json.loads(text)
    if what == "path":
        v = lookup(doc, arg.split())
        return "null" if v is None else v
    if what == "eval":
        return str(eval(arg, {}, {"d": doc}))  # noqa: S307 (the test's own)
    raise ValueError(f"unknown question {what!r}")


def main():
    # A name that is no UTF-8 comes as surrogates: back as escapes, not
    # an exception that would end the coprocess.
    sys.stdin.reconfigure(errors="surrogateescape")
    sys.stdout.reconfigure(errors="backslashreplace")
    while True:
        question = sys.stdin.readline()
        if not question:
            return
        text = sys.stdin.readline()
        try:
            reply = "=" + answer(question.rstrip("\n"), text)
        except Exception as e:  # noqa: BLE001 (any failure is the answer)
            reply = f"!{type(e).__name__}: {e}"
        try:
            sys.stdout.write(reply.replace("\n", "\x1f") + "\n")
            sys.stdout.flush()
        except BrokenPipeError:
            return


if __name__ == "__main__":
    main()
