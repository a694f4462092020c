/**
 * Called for each position of a scanned text where a pattern ends, with the longest pattern
 * ending there: the match is `[start, end)` of the scanned text and `pattern` the index of the
 * first pattern (in the order given) with that text.
 */
export type MatchReport = (start: number, end: number, pattern: number) => void;

/** Code units below this (ASCII) have an entry in the direct tables of busy nodes. */
const tableWidth = 128;

/** Nodes with at least this many children get a direct table, the root always does. */
const busyChildren = 4;

/**
 * At most one node in this many gets a direct table (the first ones, breadth first), so that the
 * tables take at most 16 bytes per node.
 */
const nodesPerTable = 32;

/**
 * An Aho–Corasick automaton over a fixed set of patterns, matched as plain UTF-16 text (no pattern
 * syntax). Built once in time linear in the patterns' total length (plus sorting them), it scans
 * a text in time linear in the text's length (times the logarithm of the widest fan-out of the
 * patterns' prefixes), however many matches overlap: it reports only the longest pattern ending
 * at each position, which is all a redaction needs, since every shorter match ending there lies
 * inside it.
 *
 * Nodes are the prefixes of the patterns (node 0 is the empty prefix). While scanning, the current
 * node is the longest suffix of the text read so far that is a prefix of some pattern; a node's
 * failure link is its own longest proper suffix that is also a node. So the patterns ending at a
 * position are exactly the pattern nodes on the failure chain of the current node.
 */
export class SpanAutomaton {
  /** Transitions followed (moves down a child edge, or to a failure link) by every scan so far. */
  steps = 0;

  /** The code unit on the edge into each node. */
  private readonly unit: Uint16Array;
  /**
   * Nodes are numbered breadth first, so the children of node `v` are the nodes
   * `firstChild[v] .. firstChild[v + 1] - 1`, in ascending order of their unit.
   */
  private readonly firstChild: Int32Array;
  /**
   * Where a node's direct table starts in `tables`, or -1: the child along each code unit below
   * {@link tableWidth} (0: none). The root and nodes with many children near it have one, so the
   * usual step is one look-up rather than a search of many children.
   */
  private readonly tableOf: Int32Array;
  private readonly tables: Int32Array;
  /** Failure link of each node. */
  private readonly fail: Int32Array;
  /**
   * For each node, twice the length of the longest pattern that is a suffix of its text (0: none),
   * plus 1 once its text occurred in a scanned text (kept closed under failure links). Both are
   * read at every position of a scan, so they share one array.
   */
  private readonly state: Int32Array;
  /** Index of the longest pattern that is a suffix of each node's text (the first given). */
  private readonly owner: Int32Array;
  /** The node each pattern given ends at, or 0 when the pattern is empty or not a string. */
  private readonly patternNode: Int32Array;

  /** Builds the automaton; empty patterns (and values that are not strings) are ignored. */
  constructor(patterns: readonly string[]) {
    // The first index of each distinct pattern (and of each pattern's first copy), and the
    // distinct patterns in code-unit order.
    const firstIndex = new Map<string, number>();
    const firstCopy = new Int32Array(patterns.length).fill(-1);
    patterns.forEach((pattern, index) => {
      if (typeof pattern !== "string" || pattern.length === 0) return;
      const first = firstIndex.get(pattern);
      if (first === undefined) firstIndex.set(pattern, index);
      firstCopy[index] = first ?? index;
    });
    const sorted = [...firstIndex.keys()].sort();
    let capacity = 1;
    for (const pattern of sorted) capacity += pattern.length;

    const unit = new Uint16Array(capacity);
    const firstChild = new Int32Array(capacity + 1);
    const fail = new Int32Array(capacity);
    const state = new Int32Array(capacity);
    const owner = new Int32Array(capacity).fill(-1);
    // Each node stands for the sorted patterns `sorted[low[v]] .. sorted[high[v] - 1]`, the
    // patterns that start with its text, which is `depth[v]` units long.
    const low = new Int32Array(capacity);
    const high = new Int32Array(capacity);
    const depth = new Int32Array(capacity);
    const patternNode = new Int32Array(patterns.length);
    this.unit = unit;
    this.firstChild = firstChild;
    this.fail = fail;
    this.tableOf = new Int32Array(capacity).fill(-1);
    this.tables = new Int32Array((1 + Math.floor(capacity / nodesPerTable)) * tableWidth);
    let tablesUsed = 0;

    // Breadth first: a node's children are the runs of its patterns that share their next unit,
    // created together. A failure link is shorter than its node, so it was built (with its
    // children) before the node is reached: its longest pattern is the node's, unless the node
    // is a pattern itself.
    high[0] = sorted.length;
    let count = 1;
    for (let node = 0; node < count; node++) {
      let from = low[node] as number;
      const to = high[node] as number;
      const length = depth[node] as number;
      const text = sorted[from];
      if (text !== undefined && text.length === length) {
        // The shortest pattern sorts first: this node's text is that pattern.
        const first = firstIndex.get(text) as number;
        patternNode[first] = node;
        state[node] = length * 2;
        owner[node] = first;
        from++;
      } else if (node !== 0) {
        state[node] = state[fail[node] as number] as number;
        owner[node] = owner[fail[node] as number] as number;
      }
      firstChild[node] = count;
      while (from < to) {
        const next = (sorted[from] as string).charCodeAt(length);
        let end = from + 1;
        while (end < to && (sorted[end] as string).charCodeAt(length) === next) end++;
        const child = count++;
        unit[child] = next;
        low[child] = from;
        high[child] = end;
        depth[child] = length + 1;
        if (node !== 0) fail[child] = this.follow(fail[node] as number, next);
        from = end;
      }
      // A busy node gets its direct table as soon as its children are known, so that the
      // failure links of the nodes built after it use it too.
      const oldest = firstChild[node] as number;
      if (
        (node === 0 || count - oldest >= busyChildren) &&
        (tablesUsed + 1) * tableWidth <= this.tables.length
      ) {
        const table = tablesUsed++ * tableWidth;
        for (let child = oldest; child < count; child++) {
          if ((unit[child] as number) < tableWidth)
            this.tables[table + (unit[child] as number)] = child;
        }
        this.tableOf[node] = table;
      }
    }
    firstChild[count] = count;

    state[0] = 1; // The empty text occurs everywhere.
    this.state = state;
    this.owner = owner;
    for (let index = 0; index < patterns.length; index++) {
      const first = firstCopy[index] as number;
      if (first >= 0) patternNode[index] = patternNode[first] as number;
    }
    this.patternNode = patternNode;
  }

  /**
   * Scans `text[from, to)`: for each position where a pattern ends, calls `report` with the
   * longest one (offsets are those of `text`). Matches never start before `from`.
   */
  scan(text: string, from: number, to: number, report: MatchReport): void {
    const { fail, owner, state } = this;
    let node = 0;
    let steps = 0;
    for (let at = from; at < to; at++) {
      const unit = text.charCodeAt(at);
      // Fall back along failure links until the unit extends the current suffix (or none is left).
      let next = this.child(node, unit);
      steps++;
      while (next === 0 && node !== 0) {
        node = fail[node] as number;
        next = this.child(node, unit);
        steps++;
      }
      node = next;
      const nodeState = state[node] as number;
      if ((nodeState & 1) === 0) this.markSeen(node);
      if (nodeState > 1) report(at + 1 - (nodeState >> 1), at + 1, owner[node] as number);
    }
    this.steps += steps;
  }

  /** Whether `patterns[index]` (non-empty) occurred in a text scanned so far. */
  occurred(index: number): boolean {
    const node = this.patternNode[index] ?? 0;
    return node !== 0 && ((this.state[node] as number) & 1) === 1;
  }

  /**
   * Marks a node and its failure chain as seen: every suffix of a text that occurred occurred too.
   * The walk stops at the first node already seen, whose chain is marked already, so over the
   * automaton's life each node is marked once and no work is done per match.
   */
  private markSeen(node: number): void {
    const { state } = this;
    while (node !== 0 && ((state[node] as number) & 1) === 0) {
      state[node] = (state[node] as number) | 1;
      node = this.fail[node] as number;
    }
  }

  /** Where `unit` leads from `node`, following failure links (0: the root). */
  private follow(node: number, unit: number): number {
    let next = this.child(node, unit);
    while (next === 0 && node !== 0) {
      node = this.fail[node] as number;
      next = this.child(node, unit);
    }
    return next;
  }

  /** The child of `node` along `unit`, or 0 when there is none. */
  private child(node: number, unit: number): number {
    const table = this.tableOf[node] as number;
    if (table >= 0 && unit < tableWidth) return this.tables[table + unit] as number;
    // The children are numbered in ascending order of their unit: halve the range while it is
    // wide, then look at each.
    const units = this.unit;
    let lowest = this.firstChild[node] as number;
    let highest = this.firstChild[node + 1] as number;
    while (highest - lowest > 4) {
      const middle = (lowest + highest) >>> 1;
      if ((units[middle] as number) <= unit) lowest = middle;
      else highest = middle;
    }
    for (; lowest < highest; lowest++) if (units[lowest] === unit) return lowest;
    return 0;
  }
}
