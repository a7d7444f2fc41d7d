/**
 * A small seedable pseudo-random number generator (mulberry32), so every simulator decision — which request
 * gets a fault, what a generated invoice looks like — is reproducible from a number. Not for cryptography.
 */

/** A deterministic stream of pseudo-random numbers. Mutable: each call advances it. */
export interface Prng {
  /** The next 32-bit unsigned integer. */
  readonly nextUint32: () => number
  /** The next number in [0, 1). */
  readonly next: () => number
  /** An integer in [min, max] (both inclusive). */
  readonly int: (min: number, max: number) => number
  /** `true` with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty array. */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
  /** `length` lower-case hexadecimal digits. */
  readonly hex: (length: number) => string
}

/** Mixes two 32-bit integers into one seed (splitmix-style), e.g. a generator seed and an item index. */
export const mix = (seed: number, stream: number): number => {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b)) >>> 0
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0
  return (z ^ (z >>> 16)) >>> 0
}

/** A generator seeded with `seed` (any number; its low 32 bits are used). */
export const make = (seed: number): Prng => {
  let state = mix(seed, 0x5eed) >>> 0
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  const next = (): number => nextUint32() / 4_294_967_296
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const chance = (p: number): boolean => p > 0 && next() < p
  const pick = <A>(items: ReadonlyArray<A>): A => {
    if (items.length === 0) throw new Error("Prng.pick: no items to pick from")
    return items[int(0, items.length - 1)] as A
  }
  const hex = (length: number): string => {
    let text = ""
    while (text.length < length) text += nextUint32().toString(16).padStart(8, "0")
    return text.slice(0, length)
  }
  return { nextUint32, next, int, chance, pick, hex }
}

/** A deterministic UUID (version 4 layout) drawn from a generator — for vendors whose ids are GUIDs. */
export const uuid = (prng: Prng): string => {
  const digits = prng.hex(32)
  const variant = "89ab"[prng.int(0, 3)] as string
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-4${digits.slice(13, 16)}-${variant}${digits.slice(17, 20)}-${digits.slice(20, 32)}`
}
