/**
 * numpy-compatible random numbers: the legacy `RandomState` generator behind
 * `np.random.seed(s)`, `np.random.random_sample`, `np.random.randn`, `normal`,
 * `uniform`, `randint`, `shuffle` and `permutation`, reproduced bit for bit.
 *
 * What numpy does (numpy/random/_mt19937.pyx `_legacy_seeding`, mtrand.pyx,
 * src/legacy/legacy-distributions.c, src/distributions/distributions.c):
 *
 * - `np.random.seed(s)` with an integer 0 ≤ s < 2³² calls `mt19937_seed(s)`,
 *   which is Matsumoto–Nishimura `init_genrand(s)` (NOT `init_by_array([s])`;
 *   that one is used only for array seeds), and clears the cached Gaussian.
 * - `random_sample`: a = next32 >> 5, b = next32 >> 6, (a·2²⁶ + b) / 2⁵³.
 * - `randn` / `standard_normal` / `normal`: the legacy polar Box–Muller
 *   (Marsaglia) method. It draws x1, x2 = 2u − 1 until 0 < r² < 1, returns
 *   f·x2 and caches f·x1 for the next call, f = √(−2 ln r² / r²).
 *   `normal(loc, scale)` is loc + scale·gauss.
 * - `uniform(low, high)`: low + (high − low)·random_sample.
 * - `randint(low, high)`: masked rejection sampling on range = high − low − 1:
 *   mask = the smallest 2ᵏ − 1 ≥ range, draw (next32 & mask) until ≤ range
 *   (a 64-bit draw, high word first, when range ≥ 2³²).
 * - `shuffle` / `permutation(n)` (= shuffle(arange(n))): Fisher–Yates from the
 *   end, for i = n−1 … 1 swap x[i] with x[j], j = random_interval(i) (the same
 *   masked rejection on [0, i]).
 *
 * The one non-basic operation is the logarithm in the Gaussian. numpy calls the
 * C library's `log`; V8's `Math.log` differs from glibc's by one ulp in about
 * 7 % of arguments. `logCorrectlyRounded` below evaluates ln x in double-double
 * arithmetic and rounds once, which is what glibc's log returns for all but
 * about 0.08 % of arguments (it is not correctly rounded either, and its result
 * also varies with the platform's libm). So `random_sample`, `uniform`,
 * `randint`, `shuffle` and `permutation` are bit-for-bit numpy's, and a Gaussian
 * is bit-for-bit in practice and never more than 1 ulp away.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_32 = 4294967296;

export const MAX_NUMPY_SEED = TWO_POW_32 - 1;

// ---- double-double helpers for the logarithm (no allocation: results go through module scratch) ----

const SPLITTER = 134217729; // 2^27 + 1
let ddHi = 0;
let ddLo = 0;

/** Exact product a·b = ddHi + ddLo (Dekker). */
function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  ddHi = p;
  ddLo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** Exact sum a + b = ddHi + ddLo (Knuth). */
function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  ddHi = s;
  ddLo = a - (s - bb) + (b - bb);
}

/** (ah + al)·(bh + bl) to double-double precision. */
function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  const p = ddHi;
  const e = ddLo + (ah * bl + al * bh);
  twoSum(p, e);
}

/** (ah + al) / d for a double d, to double-double precision. */
function ddDivD(ah: number, al: number, d: number): void {
  const q1 = ah / d;
  twoProd(q1, d);
  const r = ah - ddHi - ddLo + al;
  const q2 = r / d;
  twoSum(q1, q2);
}

const LN2_HI = 0.6931471805599453; // Math.LN2
const LN2_LO = 2.3190468138462996e-17; // ln 2 − LN2_HI
const SQRT2 = Math.SQRT2;
/** 1/(2j+1) for j = 0..7 as double-double pairs. */
const INV_ODD_HI = new Float64Array(8);
const INV_ODD_LO = new Float64Array(8);
for (let j = 0; j < 8; j++) {
  ddDivD(1, 0, 2 * j + 1);
  INV_ODD_HI[j] = ddHi;
  INV_ODD_LO[j] = ddLo;
}
const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * ln x rounded once to the nearest double (the exact value is evaluated to about
 * 100 bits: x = 2ᵏ·m, m ∈ [√½, √2], ln m = 2·atanh(s), s = (m − 1)/(m + 1),
 * all in double-double arithmetic). For finite x > 0.
 */
export function logCorrectlyRounded(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984; // 2^54: subnormals become normal
    k = -54;
  }
  scratch[0] = x;
  const hiWord = scratchBits[1]!; // little-endian: word 1 holds sign, exponent, top mantissa bits
  k += (hiWord >>> 20) - 1023;
  scratchBits[1] = (hiWord & 0x000fffff) | 0x3ff00000; // m ∈ [1, 2)
  let m = scratch[0];
  if (m > SQRT2) {
    m *= 0.5;
    k += 1;
  }
  if (k === 0 && m === 1) return 0;
  // s = (m − 1)/(m + 1) in double-double; m − 1 is exact (Sterbenz).
  const f = m - 1;
  twoSum(m, 1);
  const dh = ddHi;
  const dl = ddLo;
  const sh = f / dh;
  twoProd(sh, dh);
  const sl = (f - ddHi - ddLo - sh * dl) / dh;
  // acc = Σ_{j≥0} s^{2j}/(2j+1). s² ≤ 0.0295, so the terms from j = 8 on sum to
  // < 1e-13 and plain doubles carry them to < 1e-29; j ≤ 7 go in double-double.
  ddMul(sh, sl, sh, sl);
  const s2h = ddHi;
  const s2l = ddLo;
  let tail = 1 / 49;
  for (let j = 23; j >= 8; j--) tail = tail * s2h + 1 / (2 * j + 1);
  let ah = tail;
  let al = 0;
  for (let j = 7; j >= 0; j--) {
    ddMul(ah, al, s2h, s2l);
    const ph = ddHi;
    const pl = ddLo;
    twoSum(ph, INV_ODD_HI[j]!);
    al = ddLo + pl + INV_ODD_LO[j]!;
    twoSum(ddHi, al);
    ah = ddHi;
    al = ddLo;
  }
  // ln m = 2·s·acc
  ddMul(sh, sl, ah, al);
  const lmh = 2 * ddHi;
  const lml = 2 * ddLo;
  if (k === 0) return lmh + lml;
  // k·ln 2 + ln m
  twoProd(k, LN2_HI);
  const kh = ddHi;
  const kl = ddLo + k * LN2_LO;
  twoSum(kh, lmh);
  return ddHi + (ddLo + kl + lml);
}

/** The smallest 2ᵏ − 1 ≥ value, for 0 ≤ value < 2⁵³. */
function maskFor(value: number): number {
  let mask = 1;
  while (mask < value) mask = mask * 2 + 1;
  return mask;
}

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;
  private hasGauss = false;
  private gauss = 0;

  constructor(seed = 0) {
    this.seed(seed);
  }

  /** `np.random.seed(seed)` for an integer seed in [0, 2³² − 1]. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > MAX_NUMPY_SEED) {
      throw new RangeError(`Seed must be an integer between 0 and 2**32 - 1, got ${seed}`);
    }
    const mt = this.mt;
    let s = seed >>> 0;
    for (let i = 0; i < N; i++) {
      mt[i] = s;
      s = (Math.imul(1812433253, s ^ (s >>> 30)) + i + 1) >>> 0;
    }
    this.index = N;
    this.hasGauss = false;
    this.gauss = 0;
  }

  private reload(): void {
    const mt = this.mt;
    let i = 0;
    let y: number;
    for (; i < N - M; i++) {
      y = (mt[i]! & UPPER_MASK) | (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; i < N - 1; i++) {
      y = (mt[i]! & UPPER_MASK) | (mt[i + 1]! & LOWER_MASK);
      mt[i] = mt[i + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
    mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.index = 0;
  }

  /** One raw 32-bit output of MT19937, as an unsigned number in [0, 2³²). */
  nextUint32(): number {
    if (this.index >= N) this.reload();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random_sample()`: a double in [0, 1) with 53 random bits. */
  randomSample(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** `randn()` / `standard_normal()` of the legacy generator. */
  standardNormal(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * logCorrectlyRounded(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `normal(loc, scale)`. */
  normal(loc = 0, scale = 1): number {
    return loc + scale * this.standardNormal();
  }

  /** `uniform(low, high)`: low + (high − low)·u. */
  uniform(low = 0, high = 1): number {
    return low + (high - low) * this.randomSample();
  }

  /**
   * Uniform integer in [0, max] by numpy's masked rejection sampling
   * (`random_interval`, and `randint` with range = max). max < 2⁵³.
   */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      if (max === 0xffffffff) return this.nextUint32();
      const mask = maskFor(max);
      let value: number;
      do value = (this.nextUint32() & mask) >>> 0;
      while (value > max);
      return value;
    }
    // 64-bit draw (high word first), masked; split the mask into its two words.
    const mask = maskFor(max);
    const maskHi = Math.floor(mask / TWO_POW_32);
    const maskLo = mask >= TWO_POW_32 ? 0xffffffff : mask;
    let value: number;
    do {
      const hi = (this.nextUint32() & maskHi) >>> 0;
      const lo = (this.nextUint32() & maskLo) >>> 0;
      value = hi * TWO_POW_32 + lo;
    } while (value > max);
    return value;
  }

  /** `randint(low, high)`: an integer in [low, high) (legacy default int64 path). */
  randint(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
      throw new RangeError(`randint needs integers low < high, got ${low}, ${high}`);
    }
    return low + this.interval(high - low - 1);
  }

  /** `shuffle(x)` in place on a 1-D array (legacy Fisher–Yates from the end). No allocation. */
  shuffle(x: { length: number; [i: number]: number }): void {
    for (let i = x.length - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }

  /** Fills `out` with `permutation(out.length)` (= shuffle(arange(n))). No allocation. */
  permutationInto(out: { length: number; [i: number]: number }): void {
    for (let i = 0; i < out.length; i++) out[i] = i;
    this.shuffle(out);
  }

  /** `permutation(n)`. */
  permutation(n: number): number[] {
    const out = new Array<number>(n);
    this.permutationInto(out);
    return out;
  }
}
