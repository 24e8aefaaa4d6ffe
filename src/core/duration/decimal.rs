//! Decimal text to `f64`, rounded exactly as `str::parse::<f64>` rounds it, without the standard
//! library's float parser: its tables and code cost about 14 KB gzip of the wasm bundle.
//!
//! Up to 15 significant digits and 22 decimals (every duration anyone writes) the value is one
//! exact division; beyond, the digits are divided out as big integers.

use std::cmp::Ordering;

/// `digits`, `digits.digits`, `.digits` or `digits.` as the nearest `f64` (ties to even), the
/// value `str::parse::<f64>` gives; `None` for anything else (a sign, an exponent, `inf`, `NaN`).
pub fn parse(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if (whole.is_empty() && fraction.is_empty()) || !whole.bytes().chain(fraction.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (whole, fraction) = (whole.trim_start_matches('0'), fraction.trim_end_matches('0'));
    if whole.len() > 310 {
        return Some(f64::INFINITY); // 10^310 and more
    }
    let leading = if whole.is_empty() { fraction.len() - fraction.trim_start_matches('0').len() } else { 0 };
    if leading > 400 {
        return Some(0.0); // below 10^-400, under half the smallest subnormal
    }
    // The value is digits × 10^-k.
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes().skip(leading)).map(|b| b - b'0').collect();
    let mut k = fraction.len();
    if digits.is_empty() {
        return Some(0.0);
    }
    if digits.len() > 800 {
        // No midpoint between two doubles has more than 767 significant digits: a nonzero digit
        // in place of the (nonzero, the fraction ends in one) rest puts the value on the same
        // side of every midpoint.
        k -= digits.len() - 801;
        digits.truncate(800);
        digits.push(1);
    }
    if digits.len() <= 15 && k <= 22 {
        // Both exact, so the quotient is correctly rounded.
        let n = digits.iter().fold(0u64, |n, d| n * 10 + u64::from(*d));
        return Some(n as f64 / (0..k).fold(1.0, |p, _| p * 10.0));
    }
    let mut n = Big::new();
    for d in digits {
        mul_add(&mut n, 10, u32::from(d));
    }
    let mut den = vec![1];
    for _ in 0..k {
        mul_add(&mut den, 10, 0);
    }
    // q = floor(n × 2^s / den) has 55 or 56 bits.
    let s = 55 - bits(&n) + bits(&den);
    let (mut a, b) = if s >= 0 { (shl(&n, s as usize), den) } else { (n, shl(&den, s.unsigned_abs() as usize)) };
    let mut q = 0u64;
    for i in (0..56).rev() {
        let bi = shl(&b, i);
        if cmp(&a, &bi) != Ordering::Less {
            sub(&mut a, &bi);
            q |= 1 << i;
        }
    }
    Some(round(q, !a.is_empty(), -s))
}

/// (q + a fraction, nonzero when `sticky`) × 2^e, rounded to the nearest `f64`, ties to even.
fn round(q: u64, sticky: bool, e: i64) -> f64 {
    let mut shift = i64::from(64 - q.leading_zeros()) - 53;
    let mut exp = e + shift;
    if exp < -1074 {
        shift += -1074 - exp;
        exp = -1074;
    }
    if shift > 60 {
        return 0.0; // below half the smallest subnormal
    }
    let (m, rem, half) = (q >> shift, q & ((1 << shift) - 1), 1 << (shift - 1));
    let mut m = m + u64::from(rem > half || (rem == half && (sticky || m & 1 == 1)));
    if m == 1 << 53 {
        m >>= 1;
        exp += 1;
    }
    if exp > 971 {
        f64::INFINITY
    } else if m >= 1 << 52 {
        f64::from_bits(((exp + 1075) as u64) << 52 | (m & ((1 << 52) - 1)))
    } else {
        f64::from_bits(m) // subnormal: exp is -1074
    }
}

/// A natural number in 32-bit limbs, least significant first, no zero limb on top (0 is empty).
type Big = Vec<u32>;

fn mul_add(b: &mut Big, m: u32, a: u32) {
    let mut carry = u64::from(a);
    for x in b.iter_mut() {
        let v = u64::from(*x) * u64::from(m) + carry;
        *x = v as u32;
        carry = v >> 32;
    }
    if carry > 0 {
        b.push(carry as u32);
    }
}

fn bits(b: &Big) -> i64 {
    b.last().map_or(0, |top| (b.len() as i64 - 1) * 32 + i64::from(32 - top.leading_zeros()))
}

fn shl(b: &Big, n: usize) -> Big {
    let (limbs, bits) = (n / 32, n % 32);
    let mut out = vec![0; limbs];
    let mut carry = 0;
    for &x in b {
        if bits == 0 {
            out.push(x);
        } else {
            out.push(x << bits | carry);
            carry = x >> (32 - bits);
        }
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

fn cmp(a: &Big, b: &Big) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// a -= b, for a >= b.
fn sub(a: &mut Big, b: &Big) {
    let mut borrow = 0;
    for (i, x) in a.iter_mut().enumerate() {
        let (v, o1) = x.overflowing_sub(b.get(i).copied().unwrap_or(0));
        let (v, o2) = v.overflowing_sub(borrow);
        *x = v;
        borrow = u32::from(o1 || o2);
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    /// The decimal halfway between two decimal expansions (a + b) / 2, digits and one point.
    fn midpoint(a: &str, b: &str) -> String {
        let split = |s: &str| {
            let (w, f) = s.split_once('.').unwrap_or((s, ""));
            (w.to_string(), f.to_string())
        };
        let ((aw, af), (bw, bf)) = (split(a), split(b));
        let (wl, fl) = (aw.len().max(bw.len()), af.len().max(bf.len()) + 1);
        let pad = |w: &str, f: &str| format!("{w:0>wl$}{f:0<fl$}").into_bytes();
        let (x, y) = (pad(&aw, &af), pad(&bw, &bf));
        // Sum, then halve, digit by digit.
        let mut sum = vec![0u8; x.len() + 1];
        let mut carry = 0;
        for i in (0..x.len()).rev() {
            let d = (x[i] - b'0') + (y[i] - b'0') + carry;
            sum[i + 1] = d % 10;
            carry = d / 10;
        }
        sum[0] = carry;
        let mut rest = 0;
        let half: Vec<u8> = sum
            .iter()
            .map(|d| {
                let v = rest * 10 + d;
                rest = v % 2;
                b'0' + v / 2
            })
            .collect();
        let half = String::from_utf8(half).unwrap();
        format!("{}.{}", &half[..wl + 1], &half[wl + 1..])
    }

    fn check(text: &str) {
        assert_eq!(parse(text).map(f64::to_bits), text.parse::<f64>().ok().map(f64::to_bits), "{text}");
    }

    #[test]
    fn reads_like_the_standard_parser() {
        for text in [
            "0",
            "0.0",
            "000",
            "5",
            "5.",
            ".5",
            "0.5",
            "1.5",
            "0.1",
            "0.3",
            "90",
            "1.0005",
            "0.0005",
            "123456789.123456789",
            "9007199254740992",
            "9007199254740993",
            "9007199254740995",
            "18446744073709551615",
            "4.4999999999999999999",
            "0.00000000000000000000000000001",
            "1.7976931348623157",
            "00001.5000",
        ] {
            check(text);
        }
        for bad in ["", ".", "-1", "+1", "1e3", "inf", "NaN", "1.2.3", " 1", "1_0"] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        check(&format!("1{}", "0".repeat(308)));
        check(&format!("2{}", "0".repeat(308)));
        check(&format!("1{}", "0".repeat(400)));
        check(&format!("0.{}1", "0".repeat(330)));
        check(&format!("0.{}1", "0".repeat(500)));
        check(&format!("0.{}", "1".repeat(2000)));
        check(&format!("{}.{}", "7".repeat(300), "3".repeat(900)));
    }

    #[test]
    fn rounds_halfway_cases_like_the_standard_parser() {
        // Pseudo-random doubles over the whole range, subnormals and the largest included: each
        // exact expansion, the midpoint to the next double, and the midpoint cut or nudged.
        let mut random = crate::core::stream::Seeded::new(0x2545_f491_4f6c_dd1d_u64);
        let mut next = || random.next_u64();
        let mut xs: Vec<f64> =
            vec![f64::MAX, f64::MIN_POSITIVE, f64::from_bits(1), f64::from_bits(0x000f_ffff_ffff_ffff)];
        xs.extend((0..400).map(|_| f64::from_bits(next() & 0x7fef_ffff_ffff_ffff)));
        xs.extend((0..200).map(|_| f64::from_bits((next() % (1 << 62)) >> (next() % 64))));
        for x in xs.into_iter().filter(|x| x.is_finite() && *x > 0.0) {
            let a = format!("{x:.1100}");
            let b = format!("{:.1100}", f64::from_bits(x.to_bits() + 1));
            check(&a);
            let mid = midpoint(&a, &b);
            check(&mid);
            let mid = mid.trim_end_matches('0');
            check(&format!("{mid}1"));
            check(&mid[..mid.len() - 1]);
            check(&mid[..mid.len().min(30)]);
        }
        for _ in 0..20_000 {
            let (w, f) = (next() % 20, next() % 30);
            let mut digits = |n| (0..n).map(|_| char::from(b'0' + (next() % 10) as u8)).collect::<String>();
            let (whole, fraction) = (digits(w), digits(f));
            check(&format!("{whole}.{fraction}"));
        }
    }
}
