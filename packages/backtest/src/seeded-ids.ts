/**
 * Version-4-shaped UUIDs from a seed (sfc32), so a run's intent ids — and with them its
 * clientOrderIds and the simulator's ordering of anything keyed by them — are the same on every
 * run with the same seed. Not for anything that needs to be unguessable.
 */
export function seededUuids(seed: number): { uuid(): string } {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 + seed * 31;
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) next();
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  return {
    uuid() {
      const w = [next(), next(), next(), next()];
      const s = w.map(hex).join('');
      // Version 4 and the RFC 4122 variant, so anything that checks the shape accepts it.
      const v = `${s.slice(0, 12)}4${s.slice(13, 16)}${((parseInt(s[16]!, 16) & 3) | 8).toString(16)}${s.slice(17)}`;
      return `${v.slice(0, 8)}-${v.slice(8, 12)}-${v.slice(12, 16)}-${v.slice(16, 20)}-${v.slice(20, 32)}`;
    },
  };
}
