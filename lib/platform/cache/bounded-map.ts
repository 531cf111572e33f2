/**
 * A Map that forgets its oldest entry when a new one would exceed `maxEntries`: a cache of hot values
 * in a long-running process, whose memory stays bounded whatever the traffic.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.maxEntries && !this.has(key)) this.delete(this.keys().next().value!);
    return super.set(key, value);
  }
}
