/**
 * Indices of the non-dominated score vectors (higher is better in every component): no other
 * vector is at least as good everywhere and better somewhere. O(n²), fine for trial counts.
 */
export function nonDominated(scores: readonly (readonly number[])[]): number[] {
  const dominates = (a: readonly number[], b: readonly number[]): boolean => {
    let better = false;
    for (let i = 0; i < a.length; i++) {
      if ((a[i] as number) < (b[i] as number)) return false;
      if ((a[i] as number) > (b[i] as number)) better = true;
    }
    return better;
  };
  const front: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (!scores.some((other, j) => j !== i && dominates(other, scores[i] as number[]))) front.push(i);
  }
  return front;
}
