"""SPARQL syntax trees, parsed without evaluating anything: what a query calls, how deep it nests, what it orders by.

The tree comes from tree-sitter's SPARQL grammar (``tree-sitter-sparql``): a C parser that reads a 100 KB query in
milliseconds, keeps going after an error, and has no recursion limit — unlike rdflib's parser, which needs seconds
for a FILTER of a few hundred ``||`` and fails at 50 nested parentheses, or pyoxigraph, which parses and then runs
the query (calling any ``SERVICE`` it names).  The tree is used to look at a query before it runs: whether it calls
a federated ``SERVICE``, its form, its top-level ``LIMIT``, its nesting depth, and whether an ``ORDER BY`` key can mix
numbers or dates with other literals.  Oxigraph stays the judge of what is valid SPARQL.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

#: The deepest syntax tree let through to an engine.  Oxigraph 0.5.13's server (2 MiB thread stacks) aborts at
#: about 2,000 levels (a thousand nested function calls; 4,000 nested groups; 10,000 ``||``); the kg named
#: queries nest about 25.
MAX_DEPTH = 500
#: Query forms, by the tree-sitter node that holds them.
_FORMS = {"select_query": "select", "construct_query": "construct", "describe_query": "describe",
          "ask_query": "ask"}
#: Built-in functions whose result is always a simple or language-tagged string, an IRI or a number of one kind:
#: an ORDER BY key made of them never compares numbers with strings.
_SAFE_FUNCTIONS = frozenset({
    "STR", "LANG", "DATATYPE", "IRI", "URI", "LCASE", "UCASE", "STRLEN", "CONCAT", "SUBSTR", "REPLACE",
    "STRBEFORE", "STRAFTER", "ENCODE_FOR_URI", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "STRUUID", "UUID",
    "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TZ", "TIMEZONE", "BOUND", "ISIRI", "ISURI",
    "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "CONTAINS", "STRSTARTS", "STRENDS", "LANGMATCHES", "SAMETERM",
    "RAND", "NOW", "COUNT",
})
#: Literal node kinds whose values Oxigraph orders by value (numbers), as opposed to by their text.
_NUMERIC_LITERALS = frozenset({"integer", "decimal", "double"})
#: Datatypes (by a word of their IRI) that Oxigraph orders by value, in families that do not compare with each other.
_ORDERED_DATATYPES = (("duration", ("duration",)), ("date", ("date", "time", "gyear", "gmonth", "gday")),
                      ("number", ("integer", "decimal", "double", "float", "int", "long", "short", "byte")))


@dataclass(frozen=True, slots=True)
class Problem:
    """Where a query stops being SPARQL: 1-based line and column (in characters) and what is wrong."""

    line: int
    column: int
    message: str


@functools.lru_cache(maxsize=1)
def _parser():
    import warnings

    import tree_sitter_sparql
    from tree_sitter import Language, Parser

    with warnings.catch_warnings():  # the grammar package hands over its language as an int pointer
        warnings.simplefilter("ignore", DeprecationWarning)
        return Parser(Language(tree_sitter_sparql.language()))


class QuerySyntax:
    """The syntax tree of one SPARQL query or update.

    >>> tree = QuerySyntax("SELECT ?o { ?s ?p ?o } ORDER BY ?o LIMIT 5")
    >>> tree.form, tree.limit, tree.calls_service, tree.problem is None
    ('select', 5, False, True)
    >>> tree.mixed_order_keys
    ('?o',)
    """

    __slots__ = ("text", "_data", "_root", "_nodes")

    def __init__(self, text: str) -> None:
        self.text = text
        self._data = text.encode("utf-8", "surrogatepass")
        self._root = _parser().parse(self._data).root_node
        self._nodes: list | None = None

    # ------------------------------------------------------------------------------------------ walking
    def _walk(self) -> list:
        """Every node with its depth and its parent's kind, in document order; iterative, so any nesting is fine
        (``Node.parent`` is not used: tree-sitter finds it from the root, which is quadratic on deep trees)."""
        if self._nodes is None:
            out, stack = [], [(self._root, 0, "")]
            while stack:
                node, depth, parent = stack.pop()
                out.append((node, depth, parent))
                kind = node.type
                stack.extend((child, depth + 1, kind) for child in reversed(node.children))
            self._nodes = out
        return self._nodes

    def _text(self, node) -> str:
        return self._data[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def position(self, byte: int) -> tuple[int, int]:
        """1-based line and character column of a byte offset."""
        before = self._data[:byte].decode("utf-8", "replace")
        line = before.count("\n") + 1
        return line, len(before) - (before.rfind("\n") + 1) + 1

    # ------------------------------------------------------------------------------------------ facts
    @property
    def depth(self) -> int:
        """How deeply the tree nests (a chain of ``||`` nests once per operand, as in the engines)."""
        return max(d for _, d, _ in self._walk())

    @property
    def size(self) -> int:
        """Number of tree nodes."""
        return len(self._walk())

    @property
    def problem(self) -> Problem | None:
        """The first place where the grammar could not read the text, or None."""
        if not self._root.has_error:
            return None
        for node, _, _ in self._walk():
            if node.is_missing:
                # at the end of the text (after any blanks) when nothing but blanks follows
                at = len(self._data.rstrip()) if not self._data[node.start_byte:].strip() else node.start_byte
                line, col = self.position(at)
                return Problem(line, col, f"expected {node.type!r}" if node.type else "unexpected end of query")
            if node.type == "ERROR":
                line, col = self.position(node.start_byte)
                shown = self._text(node).split()
                near = shown[0][:40] if shown else ""
                return Problem(line, col, f"unexpected {near!r}" if near else "unexpected end of query")
        return Problem(*self.position(len(self._data)), "unexpected end of query")

    @property
    def form(self) -> str | None:
        """``select``, ``construct``, ``describe``, ``ask``; ``update`` for SPARQL Update; None if unreadable."""
        for child in self._root.children:
            if child.type in _FORMS:
                return _FORMS[child.type]
            if child.type not in ("prologue", "comment", "values_clause", "ERROR"):
                return "update"
        return None

    def _form_node(self):
        return next((c for c in self._root.children if c.type in _FORMS), None)

    @property
    def limit(self) -> int | None:
        """The top-level LIMIT (not a sub-query's), or None."""
        form = self._form_node()
        modifier = next((c for c in form.children if c.type == "solution_modifier"), None) if form else None
        if modifier is None:
            return None
        for clauses in modifier.children:
            if clauses.type == "limit_offset_clauses":
                for clause in clauses.children:
                    if clause.type == "limit_clause":
                        number = next((c for c in clause.children if c.type == "integer"), None)
                        return int(self._text(number)) if number is not None else None
        return None

    @property
    def ends_in_values(self) -> bool:
        """Whether the query ends with a top-level VALUES block (after which no LIMIT can go)."""
        return any(c.type == "values_clause" for c in self._root.children)

    @property
    def calls_service(self) -> bool:
        """Whether the query names a federated ``SERVICE`` — also where the grammar lost its way, erring on
        the side of yes."""
        for node, _, parent in self._walk():
            if node.type in ("service_graph_pattern", "SERVICE"):
                return True
            if parent == "ERROR" and node.child_count == 0 and self._text(node).upper() == "SERVICE":
                return True
        return False

    @property
    def mixed_order_keys(self) -> tuple[str, ...]:
        """The ORDER BY keys that may compare numbers or dates with other literals.

        A key is suspect when it is (or contains, outside a string- or number-valued function) a variable that
        is the object of a triple pattern with a variable predicate — ``?s ?p ?o`` binds ``?o`` to anything — or
        that a VALUES block binds to both numbers and other literals.  Keys over fixed predicates are trusted:
        telling would need the data.
        """
        anything: set[str] = set()
        values_kinds: dict[str, set[str]] = {}
        orders = []
        for node, _, _ in self._walk():
            if node.type == "property" and node.children and node.children[0].type == "var":
                objects = next((c for c in node.children if c.type == "object_list"), None)
                if objects is not None:
                    anything.update(self._text(v)[1:] for v in objects.children if v.type == "var")
            elif node.type == "data_block":
                self._values_kinds(node, values_kinds)
            elif node.type == "order_condition":
                orders.append(node)
        mixed = {name for name, families in values_kinds.items() if len(families) > 1}
        suspects = anything | mixed
        out = []
        for condition in orders:
            if any(v in suspects for v in self._key_variables(condition)):
                out.append(" ".join(self._text(condition).split()))
        return tuple(out)

    def _values_kinds(self, block, kinds: dict[str, set[str]]) -> None:
        """Add, per variable of a VALUES block, the families of the literals it binds."""
        names: list[str] = []
        column, in_rows = 0, False
        for cell in block.children:
            if cell.type == "{":
                in_rows = True
            elif cell.type == "(":
                column = 0
            elif cell.type == "var" and not in_rows:
                names.append(self._text(cell)[1:])
            elif in_rows and cell.type not in (")", "}", "nil") and names:
                family = self._family(cell)
                if family is not None:
                    kinds.setdefault(names[column % len(names)], set()).add(family)
                column += 1

    def _family(self, cell) -> str | None:
        """How Oxigraph orders a constant: ``number``, ``date``, ``duration`` (by value), ``text`` (by its
        characters); None for IRIs, blank nodes and UNDEF, which never meet literals in a comparison."""
        if cell.type in _NUMERIC_LITERALS:
            return "number"
        if cell.type != "rdf_literal":
            return "text" if cell.type == "boolean_literal" else None
        text = self._text(cell)
        if "^^" not in text:
            return "text"
        datatype = text.rsplit("^^", 1)[1].lower()
        for family, words in _ORDERED_DATATYPES:
            if any(w in datatype for w in words):
                return family
        return "text"

    def _key_variables(self, condition) -> list[str]:
        """Variables of an ORDER BY key that are not inside a function with a string or number result."""
        found, stack = [], [condition]
        while stack:
            node = stack.pop()
            if node.type == "var":
                found.append(self._text(node)[1:])
                continue
            if node.type in ("build_in_function", "aggregate", "function_call", "regex_expression",
                             "substring_expression", "string_replace_expression"):
                head = node.children[0] if node.children else None
                if head is not None and self._text(head).upper() in _SAFE_FUNCTIONS:
                    continue
            if node.type in ("exists_func", "not_exists_func"):
                continue
            stack.extend(node.children)
        return found
