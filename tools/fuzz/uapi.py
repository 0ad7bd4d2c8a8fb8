# SPDX-License-Identifier: GPL-2.0
"""The numbers of include/uapi/linux/one2many.h and o2m_source.h, read from
the headers themselves (enum members, integer and string #defines), so that the
fuzzer never disagrees with them."""
import os
import re

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def load(*names):
    """{NAME: value} over the headers include/uapi/linux/NAME.h."""
    out = {}
    for name in names:
        with open(os.path.join(TOP, "include", "uapi", "linux", name + ".h")) as f:
            text = re.sub(r"/\*.*?\*/", "", f.read(), flags=re.S)
        for m in re.finditer(r"enum\s*\w*\s*\{(.*?)\}", text, re.S):
            value = 0
            for member in m.group(1).split(","):
                member = member.strip()
                if not member:
                    continue
                if "=" in member:
                    key, expr = (s.strip() for s in member.split("=", 1))
                    value = evaluate(expr, out)
                else:
                    key = member
                out[key] = value
                value += 1
        for m in re.finditer(r"#define[ \t]+(\w+)[ \t]+(.+)", text):
            string = re.fullmatch(r'"(.*)"', m.group(2).strip())
            if string:
                out[m.group(1)] = string.group(1)
                continue
            try:
                out[m.group(1)] = evaluate(m.group(2).strip(), out)
            except (ValueError, SyntaxError, NameError, TypeError):
                pass    # a string, or a macro with arguments
    return out


def evaluate(expr, known):
    if not re.fullmatch(r"[\w\s()+\-<>|]+", expr):
        raise ValueError(expr)
    return int(eval(expr, {"__builtins__": {}}, dict(known)))
