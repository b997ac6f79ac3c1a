#!/usr/bin/python3
"""validate-log: check jtrace-run JSON Lines logs against the log schema.

Usage: validate-log.py [--allow-partial] SCHEMA LOG...

Every line of every LOG must be UTF-8, one complete JSON object (no NaN, no
duplicate keys), ending in a newline, and valid against SCHEMA (JSON Schema
2020-12).  Beyond what a schema can say, the log as a whole must hold
together (docs/cli-and-log.md):
  - not empty; the first record is the only "start", the last the only "end"
    (--allow-partial drops this rule and the next two, for logs of a tracer
    that was killed);
  - syscall "seq" numbers are 1, 2, 3, ... in log order;
  - end.calls equals the number of syscall records;
  - when the start record has a "run" token, every record has the same one
    (a record without it, or with another, was not written by that run);
  - the end record does not say "log_modified": true.
Prints "FILE:LINE: message" for each problem and exits 1 if there was any,
0 otherwise; 2 on bad usage or an unreadable schema.
"""
import argparse
import json
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover - depends on the machine
    sys.stderr.write("validate-log: the jsonschema module is missing "
                     "(run with /usr/bin/python3 or install python3-jsonschema)\n")
    sys.exit(2)


def no_constants(name):
    raise ValueError(f"non-standard JSON constant {name}")


def no_duplicates(pairs):
    obj = {}
    for k, val in pairs:
        if k in obj:
            raise ValueError(f"duplicate key {k!r}")
        obj[k] = val
    return obj


def inline_refs(node, defs, depth=0):
    """A copy of @node with local "#/$defs/NAME" references replaced by
    their targets: jsonschema resolves $ref slowly, and logs have 10^5
    lines.  The log schema is not recursive; depth guards against one."""
    if depth > 32:
        raise ValueError("schema $ref nesting too deep (recursive?)")
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
            target = inline_refs(defs[ref[8:]], defs, depth + 1)
            rest = {k: v for k, v in node.items() if k != "$ref"}
            if not rest:
                return target
            return {"allOf": [target, inline_refs(rest, defs, depth + 1)]}
        return {k: inline_refs(v, defs, depth) for k, v in node.items()}
    if isinstance(node, list):
        return [inline_refs(v, defs, depth) for v in node]
    return node


def error_path(err):
    parts = [str(p) for p in err.absolute_path]
    return "/" + "/".join(parts) if parts else "(record)"


class Checker:
    def __init__(self, schema):
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        self.full = cls(schema)
        self.per_type = {}
        record_types = schema.get("properties", {}).get("type", {}).get("enum", [])
        for name in record_types:
            sub = inline_refs(schema["$defs"][name], schema["$defs"])
            self.per_type[name] = cls(sub)
        self.problems = 0

    def report(self, where, msg):
        self.problems += 1
        print(f"{where}: {msg}")

    def record_errors(self, rec):
        """Errors for one record, checked against its own type's schema (the
        "type" picks the branch of the top-level oneOf): the messages name
        the real cause, and it is much faster than trying every branch."""
        rtype = rec.get("type")
        if not isinstance(rtype, str) or rtype not in self.per_type:
            if self.full.is_valid(rec):  # a schema without per-type branches
                return []
            return [f"/type: unknown record type {rtype!r}"]
        errs = list(self.per_type[rtype].iter_errors(rec))
        out = []
        for e in sorted(errs, key=lambda e: list(map(str, e.absolute_path))):
            # Descend into oneOf/anyOf to the most relevant leaf.
            leaf = jsonschema.exceptions.best_match([e]) if e.context else e
            msg = leaf.message
            if len(msg) > 300:
                msg = msg[:300] + "..."
            out.append(f"{error_path(leaf)}: {msg}")
        return out

    def check_file(self, path, allow_partial):
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            self.report(path, f"cannot read: {e.strerror}")
            return
        if not data:
            self.report(f"{path}:0", "empty log")
            return
        if not data.endswith(b"\n") and not allow_partial:
            self.report(f"{path}:EOF", "last line does not end in a newline (line cut short?)")
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        records = []
        for n, raw in enumerate(lines, 1):
            where = f"{path}:{n}"
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as e:
                self.report(where, f"not UTF-8: {e}")
                continue
            try:
                rec = json.loads(text, parse_constant=no_constants,
                                 object_pairs_hook=no_duplicates)
            except ValueError as e:
                self.report(where, f"not JSON: {e}")
                continue
            if not isinstance(rec, dict):
                self.report(where, "not a JSON object")
                continue
            for msg in self.record_errors(rec):
                self.report(where, f"{rec.get('type', '?')}: {msg}")
            records.append((n, rec))
        self.check_log(path, records, allow_partial)

    def check_log(self, path, records, allow_partial):
        if not records:
            self.report(f"{path}:0", "no records")
            return
        types = [r.get("type") for _, r in records]
        if not allow_partial:
            if types[0] != "start":
                self.report(f"{path}:{records[0][0]}", "first record is not \"start\"")
            if types[-1] != "end":
                self.report(f"{path}:{records[-1][0]}",
                            "last record is not \"end\" (log incomplete?)")
        for kind in ("start", "end"):
            lines = [n for n, r in records if r.get("type") == kind]
            if len(lines) > 1:
                self.report(f"{path}:{lines[1]}", f"more than one \"{kind}\" record")
        expect = 1
        ncalls = 0
        for n, r in records:
            if r.get("type") != "syscall":
                continue
            ncalls += 1
            seq = r.get("seq")
            if seq != expect:
                self.report(f"{path}:{n}", f"seq is {seq}, expected {expect}")
            expect = seq + 1 if isinstance(seq, int) else expect + 1
        start = records[0][1] if types[0] == "start" else None
        token = start.get("run") if start else None
        if token is not None:
            for n, r in records:
                if r.get("run") != token:
                    self.report(f"{path}:{n}",
                                f"run token {r.get('run')!r} is not the start record's {token!r}")
        ends = [(n, r) for n, r in records if r.get("type") == "end"]
        for n, r in ends:
            if r.get("log_modified") is True:
                self.report(f"{path}:{n}", "end.log_modified is true: the log was modified")
        if ends and ends[-1][1].get("calls") != ncalls:
            n, r = ends[-1]
            self.report(f"{path}:{n}",
                        f"end.calls is {r.get('calls')} but the log has {ncalls} syscall records")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--allow-partial", action="store_true",
                    help="accept a log without its end record (tracer killed)")
    ap.add_argument("schema")
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()
    try:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
        checker = Checker(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        sys.stderr.write(f"validate-log: bad schema {args.schema}: {e}\n")
        return 2
    for path in args.logs:
        checker.check_file(path, args.allow_partial)
    if checker.problems:
        print(f"validate-log: {checker.problems} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
