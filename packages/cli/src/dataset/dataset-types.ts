// What loading a dataset gives: the valid cases, and a problem for every invalid line.
import type { EvalCase } from "../eval/case-result.js";

/** An invalid line of a dataset: its 1-based number and what is wrong. */
export interface LineProblem {
  line: number;
  problem: string;
}

/** The cases of a dataset that are valid, and the lines that are not. */
export interface ParsedDataset {
  cases: EvalCase[];
  invalid: LineProblem[];
}
