import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentHash(payload: string): string {
  return `sha256:${sha256Hex(payload)}`;
}

// deterministic UUID (version 8, RFC 9562) from the identifying parts, so a replay yields the same id
export function deterministicId(...parts: ReadonlyArray<string | number | null | undefined>): string {
  const bytes = createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u001f'))
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
