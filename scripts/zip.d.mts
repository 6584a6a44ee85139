export function crc32(buf: Uint8Array): number;
export function listFiles(dir: string): string[];
export function zipEntries(entries: Array<{ name: string; data: Buffer }>): Buffer;
export function zipDir(dir: string, files?: string[]): Buffer;
