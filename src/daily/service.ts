// PLACEHOLDER contract, to be completed by the daily-picks work (issue 4).
// The /daily command calls these; the implementation owns SQLite state and scheduling.
export interface DailyService {
  readonly ready: boolean;
}
