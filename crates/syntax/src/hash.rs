//! Feature hashing: allocation-free 64-bit hashes of strings and feature templates, and the
//! open-addressing table that maps a feature hash to its weights at run time.

/// Multiplier of the Fx-style combining step (the 64-bit golden ratio).
const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Combine `x` into the running hash `h` (one Fx step).
#[inline(always)]
pub fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// The murmur3 64-bit finaliser: spreads every input bit over every output bit.
#[inline(always)]
pub fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

/// Hash a byte string (8 bytes at a time, then the length).
#[inline]
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        h = mix(h, u64::from_le_bytes(c.try_into().unwrap()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The tail as a little-endian number, zero-padded (a loop: memcpy of a variable length is a call).
        let tail = rest.iter().rev().fold(0u64, |t, &b| t << 8 | b as u64);
        h = mix(h, tail);
    }
    fmix(mix(h, bytes.len() as u64))
}

/// Hash a string.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    hash_bytes(s.as_bytes())
}

/// Hash of the lowercase form of `s`, without allocating for ASCII input.
pub fn hash_lower(s: &str) -> u64 {
    if s.is_ascii() {
        if !s.bytes().any(|b| b.is_ascii_uppercase()) {
            return hash_str(s);
        }
        let mut buf = [0u8; 64];
        if s.len() <= 64 {
            for (d, b) in buf.iter_mut().zip(s.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            return hash_bytes(&buf[..s.len()]);
        }
    }
    hash_str(&s.to_lowercase())
}

/// Feature keys keep 40 bits: stored sorted and delta-coded they take about three bytes each,
/// and a chance match of an unseen feature (about n / 2^40 per lookup) is negligible.
pub const KEY_BITS: u32 = 40;

/// A feature key from a template id and up to three parts; never 0 (0 marks an empty slot).
#[inline(always)]
pub fn feat(template: u64, a: u64, b: u64, c: u64) -> u64 {
    let k = fmix(mix(mix(mix(template.wrapping_mul(K), a), b), c)) >> (64 - KEY_BITS);
    k | (k == 0) as u64
}

/// A zero-filled vector of `n` elements whose memory is advised to use transparent huge pages
/// (Linux), before it is first touched: the weight tables are read at random, and with 2 MB
/// pages their lookups stop missing the TLB. Elsewhere (or if the advice fails) a plain vector.
pub fn zeroed_huge<T: Copy + Default>(n: usize) -> Vec<T> {
    // Reserve without touching, advise, then fill.
    let mut v: Vec<T> = Vec::with_capacity(n);
    #[cfg(target_os = "linux")]
    {
        extern "C" {
            fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: i32) -> i32;
        }
        const MADV_HUGEPAGE: i32 = 14;
        const PAGE: usize = 4096;
        let bytes = n * std::mem::size_of::<T>();
        if bytes >= 4 << 20 {
            let start = (v.as_ptr() as usize).div_ceil(PAGE) * PAGE;
            let end = (v.as_ptr() as usize + bytes) / PAGE * PAGE;
            if end > start {
                // SAFETY: the range lies inside the vector's allocation; advice does not change contents.
                unsafe { madvise(start as *mut std::ffi::c_void, end - start, MADV_HUGEPAGE) };
            }
        }
    }
    v.resize(n, T::default());
    v
}

/// One slot of the run-time table: a feature key and the range of its weights.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

/// Open-addressing (linear probing) map from feature key to a `start..start+len` range.
pub struct Table {
    mask: usize,
    slots: Vec<Slot>,
}

impl Table {
    /// A table for `n` keys at a load factor of at most 0.7 (smaller tables miss the cache less).
    pub fn with_capacity(n: usize) -> Table {
        let size = (n * 10 / 7 + 1).next_power_of_two().max(16);
        Table { mask: size - 1, slots: zeroed_huge(size) }
    }

    /// Insert `key` (non-zero, not present yet).
    pub fn insert(&mut self, key: u64, start: u32, len: u32) {
        debug_assert!(key != 0);
        let mut i = key as usize & self.mask;
        while self.slots[i].key != 0 {
            i = (i + 1) & self.mask;
        }
        self.slots[i] = Slot { key, start, len };
    }

    /// Hint the CPU to load the slot of `key` into cache.
    #[inline(always)]
    pub fn prefetch(&self, key: u64) {
        prefetch(self.slots.as_ptr().wrapping_add(key as usize & self.mask));
    }

    /// The weight range of `key`, if present.
    #[inline(always)]
    pub fn get(&self, key: u64) -> Option<(usize, usize)> {
        let mut i = key as usize & self.mask;
        loop {
            let s = unsafe { self.slots.get_unchecked(i) };
            if s.key == key {
                return Some((s.start as usize, s.len as usize));
            }
            if s.key == 0 {
                return None;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// A blocked Bloom filter: each key sets four bits of one 64-bit word, so a query reads one
/// word. It answers "absent" for most keys never inserted without touching the larger table.
pub struct Filter {
    mask: usize,
    words: Vec<u64>,
}

impl Filter {
    /// A filter for `n` keys with about `bits_per_key` bits each.
    pub fn with_capacity(n: usize, bits_per_key: usize) -> Filter {
        let size = (n * bits_per_key / 64 + 1).next_power_of_two();
        Filter { mask: size - 1, words: zeroed_huge(size) }
    }

    #[inline(always)]
    fn probe(&self, key: u64) -> (usize, u64) {
        let h = fmix(key);
        let bits = (1u64 << (h & 63)) | (1u64 << ((h >> 6) & 63)) | (1u64 << ((h >> 12) & 63)) | (1u64 << ((h >> 18) & 63));
        ((h >> 24) as usize & self.mask, bits)
    }

    pub fn insert(&mut self, key: u64) {
        let (i, bits) = self.probe(key);
        self.words[i] |= bits;
    }

    /// False only if `key` was never inserted.
    #[inline(always)]
    pub fn may_contain(&self, key: u64) -> bool {
        let (i, bits) = self.probe(key);
        // SAFETY: i is masked to the length.
        unsafe { *self.words.get_unchecked(i) & bits == bits }
    }

    #[inline(always)]
    pub fn prefetch(&self, key: u64) {
        let (i, _) = self.probe(key);
        prefetch(self.words.as_ptr().wrapping_add(i));
    }
}

/// Hint the CPU to load the cache line at `p`.
#[inline(always)]
pub fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch(p as *const i8, _MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A tiny deterministic PRNG (splitmix64) for shuffling and exploration during training.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_F42D_4C95_7F2D)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        fmix(self.0)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Fisher-Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_hash_matches_lowercased() {
        assert_eq!(hash_lower("Russia"), hash_str("russia"));
        assert_eq!(hash_lower("ÉTÉ"), hash_str("été"));
        assert_ne!(hash_str("ab"), hash_str("ba"));
        assert_ne!(hash_str(""), hash_str("\0"));
    }

    #[test]
    fn table_roundtrip() {
        let mut t = Table::with_capacity(100);
        for k in 1..=100u64 {
            t.insert(fmix(k) | 1, k as u32, 2);
        }
        for k in 1..=100u64 {
            assert_eq!(t.get(fmix(k) | 1), Some((k as usize, 2)));
        }
        assert_eq!(t.get(12345678), None);
    }

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(1), Rng::new(1));
        let mut v: Vec<u32> = (0..50).collect();
        let mut w = v.clone();
        a.shuffle(&mut v);
        b.shuffle(&mut w);
        assert_eq!(v, w);
        assert_ne!(v, (0..50).collect::<Vec<_>>());
    }
}
