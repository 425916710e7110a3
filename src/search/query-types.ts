// The pieces of a query plan, shared by query.ts (which builds plans) and retrieve.ts (which runs them).

export interface QueryPart {
  stem: string;
  /** Last word of a query that ends in a letter or digit: it may be unfinished, so prefixes match. */
  prefix: boolean;
}

export interface QuerySpan {
  /** Index term: a concept term ("~rl") or a compound ("peri-ln"). */
  term: string;
  start: number;
  end: number;
  weight: number;
  /** Share of coverage a match earns for the words it stands for (1 unless a learned expansion). */
  cover?: number;
}

export interface QueryUnit {
  parts: number[];
  spans: QuerySpan[];
}
