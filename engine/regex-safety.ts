// ReDoS check for the regular expressions an input schema carries (docs/SECURITY.md). A
// backtracking matcher takes super-linear time exactly when the pattern's NFA is infinitely
// ambiguous: some word can be read along a growing number of paths (Weideman et al., "Analyzing
// matching time behavior of backtracking regular expression matchers by using ambiguity of NFA",
// 2016 — the theory recheck's automaton checker implements). This module decides that for the
// pattern's position (Glushkov) automaton, kept with multiplicities so `(a*)*` counts its two ways:
// an infinitely ambiguous automaton has, in its self-product, a pair of distinct paths that splits
// and then cycles. Everything it cannot model exactly is over-approximated (more paths, so more
// refusals, never fewer); lookarounds and backreferences are refused outright. recheck (a
// devDependency) checks this module in the tests; it is too large for the Worker.
import { type AST, RegExpParser } from "@eslint-community/regexpp";

export type RegexVerdict = { safe: true } | { safe: false; reason: string };

/** Positions (character-consuming atoms) the expansion may create before giving up. */
const MAX_POSITIONS = 2_000;
/** Product states explored before giving up. */
const MAX_PRODUCT_STATES = 100_000;
/** Counted repetitions above this are analysed as `x{k}x*`: more paths, never fewer. */
const MAX_UNROLL = 32;
const MAX_CODE_POINT = 0x10ffff;

class TooComplex extends Error {}
class Unsupported extends Error {}

// --- character sets: sorted, disjoint, inclusive ranges [lo0, hi0, lo1, hi1, …] -------------

type CharSet = number[];
const ALL: CharSet = [0, MAX_CODE_POINT];

function normalize(ranges: [number, number][]): CharSet {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [lo, hi] of ranges) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) {
      out[last] = Math.max(out[last] as number, hi);
    } else out.push(lo, hi);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i] as number;
    if (lo > next) out.push(next, lo - 1);
    next = (set[i + 1] as number) + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i + 1] as number) < (b[j] as number)) i += 2;
    else if ((b[j + 1] as number) < (a[i] as number)) j += 2;
    else return true;
  }
  return false;
}

const DIGIT: [number, number][] = [[0x30, 0x39]];
const WORD: [number, number][] = [
  [0x30, 0x39],
  [0x41, 0x5a],
  [0x5f, 0x5f],
  [0x61, 0x7a],
];
const SPACE: [number, number][] = [
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
];
const LINE_TERMINATORS: CharSet = normalize([
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
]);

/** The characters a class element may match; `exact` is false where it over-approximates. */
function elementSet(node: AST.Node): { set: CharSet; exact: boolean } {
  switch (node.type) {
    case "Character":
      return { set: [node.value, node.value], exact: true };
    case "CharacterClassRange":
      return { set: [node.min.value, node.max.value], exact: true };
    case "CharacterSet": {
      if (node.kind === "any") return { set: complement(LINE_TERMINATORS), exact: true };
      if (node.kind === "property") return { set: ALL, exact: false };
      const base = normalize(
        (node.kind === "digit" ? DIGIT : node.kind === "word" ? WORD : SPACE).map((r) => [...r]),
      );
      return { set: node.negate ? complement(base) : base, exact: true };
    }
    case "CharacterClass": {
      const ranges: [number, number][] = [];
      let exact = true;
      for (const element of node.elements) {
        const part = elementSet(element);
        exact &&= part.exact;
        for (let i = 0; i < part.set.length; i += 2) {
          ranges.push([part.set[i] as number, part.set[i + 1] as number]);
        }
      }
      const union = normalize(ranges);
      // Negating an over-approximation would under-approximate: take every character instead.
      if (node.negate) return exact ? { set: complement(union), exact } : { set: ALL, exact };
      return { set: union, exact };
    }
    default:
      return { set: ALL, exact: false };
  }
}

// --- the position automaton, with multiplicities capped at 2 ---------------------------------

type Multiset = Map<number, number>;
type Fragment = { first: Multiset; last: Multiset; nullable: number };

const cap2 = (n: number) => Math.min(2, n);

function addInto(target: Multiset, source: Multiset, times = 1): void {
  if (times === 0) return;
  for (const [position, count] of source) {
    target.set(position, cap2((target.get(position) ?? 0) + count * times));
  }
}

class Automaton {
  readonly sets: CharSet[] = [ALL]; // index 0: the initial state (never a target)
  readonly follow: Multiset[] = [new Map()];

  position(set: CharSet): Fragment {
    if (this.sets.length > MAX_POSITIONS) throw new TooComplex();
    const id = this.sets.length;
    this.sets.push(set);
    this.follow.push(new Map());
    return { first: new Map([[id, 1]]), last: new Map([[id, 1]]), nullable: 0 };
  }

  link(from: Multiset, to: Multiset): void {
    for (const [p, pc] of from) {
      const next = this.follow[p] as Multiset;
      for (const [q, qc] of to) next.set(q, cap2((next.get(q) ?? 0) + pc * qc));
    }
  }

  concat(x: Fragment, y: Fragment): Fragment {
    this.link(x.last, y.first);
    const first = new Map(x.first);
    addInto(first, y.first, x.nullable);
    const last = new Map(y.last);
    addInto(last, x.last, y.nullable);
    return { first, last, nullable: cap2(x.nullable * y.nullable) };
  }

  alternation(parts: Fragment[]): Fragment {
    const first: Multiset = new Map();
    const last: Multiset = new Map();
    let nullable = 0;
    for (const part of parts) {
      addInto(first, part.first);
      addInto(last, part.last);
      nullable = cap2(nullable + part.nullable);
    }
    return { first, last, nullable };
  }

  star(x: Fragment): Fragment {
    this.link(x.last, x.first);
    return { first: x.first, last: x.last, nullable: 1 };
  }

  optional(x: Fragment): Fragment {
    return { first: x.first, last: x.last, nullable: cap2(1 + x.nullable) };
  }
}

const EMPTY: () => Fragment = () => ({ first: new Map(), last: new Map(), nullable: 1 });

function build(automaton: Automaton, node: AST.Node): Fragment {
  switch (node.type) {
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      return automaton.alternation(node.alternatives.map((alt) => build(automaton, alt)));
    case "Alternative":
      return node.elements.reduce(
        (acc, element) => automaton.concat(acc, build(automaton, element)),
        EMPTY(),
      );
    case "Character":
    case "CharacterClass":
    case "CharacterSet":
    case "ExpressionCharacterClass":
      return automaton.position(elementSet(node).set);
    case "Assertion":
      if (node.kind === "lookahead" || node.kind === "lookbehind") {
        throw new Unsupported("lookaround assertions");
      }
      return EMPTY();
    case "Backreference":
      throw new Unsupported("backreferences");
    case "Quantifier": {
      const min = Math.min(node.min, MAX_UNROLL);
      const max = node.max > MAX_UNROLL ? Number.POSITIVE_INFINITY : node.max;
      let result = EMPTY();
      for (let i = 0; i < min; i++)
        result = automaton.concat(result, build(automaton, node.element));
      if (max === Number.POSITIVE_INFINITY) {
        return automaton.concat(result, automaton.star(build(automaton, node.element)));
      }
      // x{0,k} as (x(x(x)?)?)?: each count one way, as a counted loop explores them.
      let tail = EMPTY();
      for (let i = min; i < max; i++) {
        tail = automaton.optional(automaton.concat(build(automaton, node.element), tail));
      }
      return automaton.concat(result, tail);
    }
    default:
      throw new Unsupported(node.type);
  }
}

/**
 * Final states from which only final states can be reached. With no `$` or `\b` in the
 * pattern, a matcher that gets there succeeds without backtracking (every continuation either
 * extends the match or stops at an accepting state), so no slow input passes through them.
 */
function acceptingClosure(automaton: Automaton, finals: Multiset): Set<number> {
  const closure = new Set(finals.keys());
  for (let changed = true; changed; ) {
    changed = false;
    for (const state of closure) {
      for (const next of (automaton.follow[state] as Multiset).keys()) {
        if (!closure.has(next)) {
          closure.delete(state);
          changed = true;
          break;
        }
      }
    }
  }
  return closure;
}

function hasBoundaryAssertion(node: AST.Node): boolean {
  switch (node.type) {
    case "Assertion":
      return node.kind === "end" || node.kind === "word";
    case "Pattern":
    case "Group":
    case "CapturingGroup":
      return node.alternatives.some(hasBoundaryAssertion);
    case "Alternative":
      return node.elements.some(hasBoundaryAssertion);
    case "Quantifier":
      return hasBoundaryAssertion(node.element);
    default:
      return false;
  }
}

/** Whether every top-level alternative starts with `^` (no `m` flag: the start of the input). */
function anchoredAtStart(pattern: AST.Pattern): boolean {
  const startsAnchored = (alt: AST.Alternative): boolean => {
    const head = alt.elements[0];
    if (!head) return false;
    if (head.type === "Assertion" && head.kind === "start") return true;
    if (head.type === "Group" || head.type === "CapturingGroup") {
      return head.alternatives.every(startsAnchored);
    }
    return false;
  };
  return pattern.alternatives.every(startsAnchored);
}

// --- ambiguity in the self-product ------------------------------------------------------------

function intersection(a: CharSet, b: CharSet): CharSet {
  const out: CharSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i] as number, b[j] as number);
    const hi = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (lo <= hi) out.push(lo, hi);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

/**
 * Weideman et al.'s criteria on the trimmed automaton. EDA (exponential): a strongly connected
 * component of A×A holds a diagonal state and either an off-diagonal one or two distinct
 * transitions between diagonal states. IDA (polynomial): states p ≠ q with (p,p,q) ⇝ (p,q,q)
 * in A×A×A. `excluded` states are never entered (reaching them ends the match).
 */
function infinitelyAmbiguous(
  automaton: Automaton,
  start: Multiset,
  excluded: ReadonlySet<number>,
): boolean {
  const n = automaton.sets.length;
  const sets = automaton.sets;
  const targets = (state: number): [number, number][] =>
    [...(state === 0 ? start : (automaton.follow[state] as Multiset))].filter(
      ([p]) => !excluded.has(p),
    );
  let budget = MAX_PRODUCT_STATES;
  const ids = new Map<number, number>();
  const pairs: [number, number][] = [];
  const adjacency: number[][] = [];
  const splits: [number, number][] = [];
  const idOf = (a: number, b: number): number => {
    const key = a * n + b;
    let id = ids.get(key);
    if (id === undefined) {
      if (--budget < 0) throw new TooComplex();
      id = pairs.length;
      ids.set(key, id);
      pairs.push([a, b]);
      adjacency.push([]);
    }
    return id;
  };
  idOf(0, 0);
  for (let id = 0; id < pairs.length; id++) {
    const [a, b] = pairs[id] as [number, number];
    const from = targets(b);
    for (const [p, pc] of targets(a)) {
      for (const [q] of from) {
        if (!intersects(sets[p] as CharSet, sets[q] as CharSet)) continue;
        const to = idOf(p, q);
        (adjacency[id] as number[]).push(to);
        // From one state, two distinct transitions on one character: the paths split here.
        if (a === b && p === q && pc > 1) splits.push([id, to]);
      }
    }
  }
  const component = stronglyConnected(adjacency);
  const hasDiagonal = new Set<number>();
  const cyclicOffDiagonal: number[] = [];
  const size = new Map<number, number>();
  for (const c of component) size.set(c, (size.get(c) ?? 0) + 1);
  for (let id = 1; id < pairs.length; id++) {
    const [a, b] = pairs[id] as [number, number];
    const c = component[id] as number;
    const cyclic = (size.get(c) ?? 0) > 1 || (adjacency[id] as number[]).includes(id);
    if (a === b) {
      if (cyclic) hasDiagonal.add(c);
    } else if (cyclic) cyclicOffDiagonal.push(id);
  }
  if (splits.some(([from, to]) => component[from] === component[to])) return true;
  if (cyclicOffDiagonal.some((id) => hasDiagonal.has(component[id] as number))) return true;

  // IDA: from (p,p,q), reading one word w, reach (p,q,q): p→p, p→q and q→q on w.
  for (const id of cyclicOffDiagonal) {
    const [p, q] = pairs[id] as [number, number];
    const seen = new Set<string>();
    const queue: [number, number, number][] = [[p, p, q]];
    seen.add(`${p},${p},${q}`);
    while (queue.length > 0) {
      const [a, b, c] = queue.shift() as [number, number, number];
      const second = targets(b);
      const third = targets(c);
      for (const [x] of targets(a)) {
        for (const [y] of second) {
          const xy = intersection(sets[x] as CharSet, sets[y] as CharSet);
          if (xy.length === 0) continue;
          for (const [z] of third) {
            if (!intersects(xy, sets[z] as CharSet)) continue;
            if (x === p && y === q && z === q) return true;
            const key = `${x},${y},${z}`;
            if (seen.has(key)) continue;
            if (--budget < 0) throw new TooComplex();
            seen.add(key);
            queue.push([x, y, z]);
          }
        }
      }
    }
  }
  return false;
}

/** Tarjan's algorithm without recursion; returns a component number per node. */
function stronglyConnected(adjacency: number[][]): number[] {
  const count = adjacency.length;
  const index = new Array<number>(count).fill(-1);
  const low = new Array<number>(count).fill(0);
  const component = new Array<number>(count).fill(-1);
  const onStack = new Array<boolean>(count).fill(false);
  const stack: number[] = [];
  let nextIndex = 0;
  let nextComponent = 0;
  for (let root = 0; root < count; root++) {
    if (index[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1] as [number, number];
      const [node, edge] = frame;
      if (edge === 0) {
        index[node] = low[node] = nextIndex++;
        stack.push(node);
        onStack[node] = true;
      }
      const edges = adjacency[node] as number[];
      if (edge < edges.length) {
        frame[1] = edge + 1;
        const next = edges[edge] as number;
        if (index[next] === -1) work.push([next, 0]);
        else if (onStack[next]) low[node] = Math.min(low[node] as number, index[next] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]] as number, low[node] as number);
      if (low[node] === index[node]) {
        let member: number;
        do {
          member = stack.pop() as number;
          onStack[member] = false;
          component[member] = nextComponent;
        } while (member !== node);
        nextComponent++;
      }
    }
  }
  return component;
}

/**
 * Judges a JSON Schema `pattern` (ECMAScript syntax, matched with the `u` flag and no other):
 * safe when no input can make a backtracking matcher take more than linear time.
 */
export function checkRegexSafety(source: string): RegexVerdict {
  let pattern: AST.Pattern;
  try {
    pattern = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, {
      unicode: true,
    });
  } catch {
    return { safe: false, reason: "is not a valid regular expression" };
  }
  try {
    const automaton = new Automaton();
    let fragment = build(automaton, pattern);
    if (!anchoredAtStart(pattern)) {
      // A search tries every start offset: as if the pattern began with a lazy `[^]*`.
      fragment = automaton.concat(automaton.star(automaton.position(ALL)), fragment);
    }
    const excluded = hasBoundaryAssertion(pattern)
      ? new Set<number>()
      : acceptingClosure(automaton, fragment.last);
    if (infinitelyAmbiguous(automaton, fragment.first, excluded)) {
      return {
        safe: false,
        reason:
          "can backtrack catastrophically (an input can match it in ever more ways, e.g. nested or overlapping repetition); rewrite it so each character can match only one way, and anchor it with ^…$",
      };
    }
    return { safe: true };
  } catch (error) {
    if (error instanceof Unsupported) {
      return {
        safe: false,
        reason: `uses ${error.message}, which the ReDoS check cannot judge; input patterns may not use them`,
      };
    }
    if (error instanceof TooComplex) {
      return { safe: false, reason: "is too complex for the ReDoS check; simplify it" };
    }
    throw error;
  }
}
