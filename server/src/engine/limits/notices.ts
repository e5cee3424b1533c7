/**
 * Why part of a file was not analysed. The engine records these instead of stalling or guessing;
 * the NP0xx rules turn them into diagnostics (NP001 analysis-limited, NP002 file-too-large,
 * NP003 templated-yaml-skipped).
 */
export type NoticeKind = 'file-too-large' | 'too-many-documents' | 'too-deep' | 'alias-budget' | 'templated';

export interface Notice {
  readonly kind: NoticeKind;
  /** Offsets of what the notice is about: the first line, the offending node, the first template action. */
  readonly span: readonly [number, number];
  /** The bound that was reached (for the limit kinds): shown in the message beside its setting. */
  readonly limit?: number;
  /** Index of the document concerned, where there is one. */
  readonly documentIndex?: number;
}
