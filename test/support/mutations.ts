/**
 * Byte-level mutations of a text, for the fuzz run and the property tests: the edits a keyboard, a bad
 * merge or a broken tool make. Operations are plain data, so fast-check can generate and shrink them.
 */
export type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'replace'; at: number; char: number }
  | { op: 'splice'; at: number; donorAt: number; length: number };

/** Fragments that mean something to YAML, to our rules or to line handling. */
export const TOKENS = [
  '\n', '\r\n', '\r', '\t', ' ', '  ', '- ', ': ', '---\n', '...\n', '#', '&a ', '*a', '&b ', '*b', '<<: *a\n', '{', '}', '[', ']', ',',
  '"', "'", '|\n', '>-\n', '!!str ', '!!binary ', '? ', '{{ .Values.x }}', '$patch: delete\n', '\0', '\uFEFF', '\uFFFD', '\u2028',
  '\uD800', 'kind: NetworkPolicy\n', 'apiVersion: networking.k8s.io/v1\n', 'policyTypes: [Egress]\n', 'egress: []\n', 'ingress:\n- {}\n',
  'kind: List\nitems:\n- ', 'port: 53\n', 'protocol: UDP\n', 'podSelector: {}\n', '# netpol-lens-disable-next-line\n', 'yes', 'null', '~',
  '0x35', '1e3', '\u00e9', '\u{1F600}',
];

/** Applies one mutation; positions are taken modulo the text's length, so any numbers are valid. */
export function applyMutation(text: string, mutation: Mutation, donor = text): string {
  const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
  switch (mutation.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + mutation.length);
    case 'insert':
      return text.slice(0, at) + mutation.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at + mutation.length) + text.slice(at, at + mutation.length) + text.slice(at + mutation.length);
    case 'replace':
      return text.slice(0, at) + String.fromCharCode(mutation.char) + text.slice(at + 1);
    case 'splice': {
      const from = donor.length === 0 ? 0 : mutation.donorAt % donor.length;
      return text.slice(0, at) + donor.slice(from, from + mutation.length) + text.slice(at);
    }
  }
}

/** A small deterministic PRNG (mulberry32), so a fuzz run is reproducible from its seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomMutation(next: () => number, text: string): Mutation {
  const int = (n: number) => Math.floor(next() * n);
  const at = int(text.length + 1);
  const length = 1 + int(next() < 0.8 ? 8 : 200);
  switch (int(5)) {
    case 0:
      return { op: 'delete', at, length };
    case 1:
      return { op: 'insert', at, text: TOKENS[int(TOKENS.length)]! };
    case 2:
      return { op: 'duplicate', at, length };
    case 3:
      return { op: 'replace', at, char: next() < 0.5 ? int(128) : int(0x10000) };
    default:
      return { op: 'splice', at, donorAt: int(1 << 30), length };
  }
}
