/** Problems and warnings about a monitor YAML: values, each with its YAML path and line. */

export interface SpecIssue {
  /** Dotted YAML path, e.g. `create_monitor.monitoring_signals.drift.metric_thresholds`; list items as `[0]`. */
  readonly path: string;
  /** 1-based line in the YAML text (of the key when the key exists, else of the nearest existing parent). */
  readonly line: number | undefined;
  /** What is wrong and what was expected. */
  readonly message: string;
}

export type SpecWarningKind = 'dialect' | 'unsupported-signal' | 'note';

export interface SpecWarning extends SpecIssue {
  /** `dialect`: an older YAML form was translated; `unsupported-signal`: a signal that is skipped. */
  readonly kind: SpecWarningKind;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(document)' : out;
}

/** `path (line N): message`, the form printed by `model-monitor validate`. */
export function formatIssue(issue: SpecIssue): string {
  return `${issue.path}${issue.line === undefined ? '' : ` (line ${issue.line})`}: ${issue.message}`;
}
