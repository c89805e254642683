/**
 * Special functions the p-values need: log-gamma, the regularized incomplete gamma (chi-squared survival),
 * and the two-sided one-sample Kolmogorov distribution `kstwo.sf(d, n)` that scipy's `ks_2samp` uses in its
 * asymptotic mode. The KS part follows scipy 1.10 `stats/_ksstats.py` (Simard & L'Ecuyer's choice of methods:
 * Ruben-Gambino, Durbin matrix (MTW), Pomeranz, Pelz-Good, and the exact Smirnov sum).
 */

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (Lanczos, ~15 significant digits; Stirling series for large x). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  if (x > 15) {
    // Stirling with 5 correction terms: error far below 1e-15 relative here.
    const r = 1 / x;
    const r2 = r * r;
    const series = r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 * (1 / 1680 - r2 / 1188))));
    return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + series;
  }
  const z = x - 1;
  let a = LANCZOS[0] ?? 0;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] ?? 0) / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const EPS = 1e-16;
const TINY = 1e-300;

/** Regularized lower incomplete gamma P(a, x) by its series (converges fast for x < a + 1). */
function gammaPSeries(a: number, x: number): number {
  let sum = 1 / a;
  let term = sum;
  let ap = a;
  for (let n = 0; n < 100000; n++) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction (for x ≥ a + 1). */
function gammaQContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Q(a, x) = Γ(a, x) / Γ(a), a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (Number.isNaN(a) || Number.isNaN(x) || a <= 0 || x < 0) return NaN;
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) return 1 - gammaPSeries(a, x);
  return gammaQContinuedFraction(a, x);
}

/** Survival function of the chi-squared distribution (scipy `chi2.sf`); NaN for df ≤ 0. */
export function chi2Sf(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Round half to even, like `np.round`. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const clip01 = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/** One-sided exact Smirnov tail Pr(D+_n ≥ e) by the Birnbaum-Tingey sum (all terms positive; log space for large n). */
export function smirnov(n: number, e: number): number {
  if (!(n > 0 && e >= 0 && e <= 1)) return NaN;
  if (e === 0) return 1;
  const nn = Math.floor(n * (1 - e));
  let p = 0;
  if (n < 1013) {
    let c = 1;
    for (let v = 0; v <= nn; v++) {
      const evn = e + v / n;
      p += c * Math.pow(evn, v - 1) * Math.pow(1 - evn, n - v);
      c *= (n - v) / (v + 1);
    }
  } else {
    const lgn1 = logGamma(n + 1);
    for (let v = 0; v <= nn; v++) {
      const evn = e + v / n;
      const omevn = 1 - evn;
      if (omevn > 0) {
        const t =
          lgn1 - logGamma(v + 1) - logGamma(n - v + 1) + (v - 1) * Math.log(evn) + (n - v) * Math.log(omevn);
        if (t > -745) p += Math.exp(t);
      }
    }
  }
  return p * e;
}

const E128 = 2 ** 128;
const EM128 = 2 ** -128;
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  const y = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * y + c;
  return Math.log(n) / 2 - n + Math.log(2 * Math.PI) / 2 + rn * poly;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k] ?? 0;
      if (aik === 0) continue;
      const bo = k * m;
      const oo = i * m;
      for (let j = 0; j < m; j++) out[oo + j] = (out[oo + j] ?? 0) + aik * (b[bo + j] ?? 0);
    }
  }
  return out;
}

/** Pr(D_n ≤ d) by Durbin's matrix method as in Marsaglia, Tsang & Wang (2003). */
function kolmognDMTW(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  let H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * fac;
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1] ?? 0;
  for (let r = 0; r < m; r++) H[r * m] = v[r] ?? 0;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c] ?? 0;
  let Hpwr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hexpnt = 0;
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += hexpnt;
    }
    H = matmul(H, H, m);
    hexpnt *= 2;
    if (Math.abs(H[(k - 1) * m + k - 1] ?? 0) > E128) {
      for (let i = 0; i < H.length; i++) H[i] = (H[i] ?? 0) / E128;
      hexpnt += 128;
    }
    nn = Math.floor(nn / 2);
  }
  let p = Hpwr[(k - 1) * m + k - 1] ?? 0;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= E128;
      expnt -= 128;
    }
  }
  if (expnt !== 0) p = p * Math.pow(2, expnt);
  return clip01(p);
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** Pr(D_n ≤ x) by Pomeranz's recursion (1974). */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gn = g / n;
  const g2n = (2 * g) / n;
  const om2gn = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = ((gpower[m - 1] ?? 0) * gn) / m;
    twogpower[m] = ((twogpower[m - 1] ?? 0) * g2n) / m;
    onem2gpower[m] = ((onem2gpower[m - 1] ?? 0) * om2gn) / m;
  }
  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  let j2: number;
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // Full convolution of V0[k1-V0s .. +ln2) with pwrs[0..ln2), keeping entries conv_start .. +conv_len.
      const base = k1 - V0s;
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV = 0;
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c;
        let s = 0;
        const lo = Math.max(0, idx - (ln2 - 1));
        const hi = Math.min(idx, ln2 - 1);
        for (let a = lo; a <= hi; a++) s += (V0[base + a] ?? 0) * (pwrs[idx - a] ?? 0);
        V1[c] = s;
        if (s > maxV) maxV = s;
      }
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < V1.length; c++) V1[c] = (V1[c] ?? 0) * E128;
        expnt -= 128;
      }
      V1s = V0s + j1 - k1;
    }
  }
  let ans = V1[n - V1s] ?? 0;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128;
      expnt += 128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans = ans * Math.pow(2, expnt);
  return clip01(ans);
}

/** Pelz-Good asymptotic approximation of Pr(D_n ≤ x). */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qp = Math.pow(q, 8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = (K[i] ?? 0) * qp + (coeffs[i] ?? 0);
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = ((K[i] ?? 0) * q * SQRT2PI) / (div[i] ?? 1);
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k;
    const qp = Math.pow(q, k2);
    const kspi = Math.PI * k;
    k2extra += k2 * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp;
  }
  K[2] = (K[2] ?? 0) + (k2extra * PI2 * SQRT2PI) / (-36 * z3);
  K[3] = (K[3] ?? 0) + (k3extra * PI2 * SQRT2PI) / (216 * z6);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += (K[i] ?? 0) / Math.pow(n, i / 2);
  return sum;
}

/** Survival function of the two-sided one-sample KS statistic: scipy `kstwo.sf(x, n)`. */
export function kstwoSf(x: number, n: number): number {
  if (Number.isNaN(n) || Number.isNaN(x)) return NaN;
  if (!Number.isInteger(n) || n <= 0) return NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip01(2 * smirnov(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - kolmognDMTW(n, x));
    if (nx2 <= 4) return clip01(1 - kolmognPomeranz(n, x));
    return clip01(2 * smirnov(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnov(n, x));
  let cdf: number;
  if (nx2 >= 18) cdf = 1;
  else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) cdf = kolmognDMTW(n, x);
  else cdf = kolmognPelzGood(n, x);
  return clip01(1 - cdf);
}
