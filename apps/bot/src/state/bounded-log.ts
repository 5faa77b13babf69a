/** A newest-first list with a fixed capacity: the in-memory tail of a persisted history. */
export class BoundedLog<T> {
  private items: T[] = [];
  constructor(private readonly capacity: number) {}

  push(item: T): void {
    this.items.unshift(item);
    if (this.items.length > this.capacity) this.items.length = this.capacity;
  }

  /** Newest first. */
  list(limit = this.capacity): T[] {
    return this.items.slice(0, limit);
  }

  replaceAll(items: T[]): void {
    this.items = items.slice(0, this.capacity);
  }

  get size(): number {
    return this.items.length;
  }

  find(pred: (item: T) => boolean): T | undefined {
    return this.items.find(pred);
  }
}
