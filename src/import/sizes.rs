//! Sizes: RVTools reports MiB (its older `MB` columns hold MiB too); plans hold decimal GB.

/// MiB to decimal GB: 1 MiB is 1.048576 MB.
pub(super) fn mib_to_gb(mib: f64) -> f64 {
    mib * 1.048576 / 1000.0
}

/// Rounded to 0.1 GB, as written into plan.toml.
pub(super) fn round_tenth(gb: f64) -> f64 {
    (gb * 10.0).round() / 10.0
}

/// MiB to GiB, for the memory column of the notes.
pub(super) fn mib_to_gib(mib: f64) -> f64 {
    mib / 1024.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mib_become_decimal_gb() {
        assert_eq!(round_tenth(mib_to_gb(102_400.0)), 107.4);
        assert_eq!(round_tenth(mib_to_gb(0.0)), 0.0);
        assert_eq!(round_tenth(0.04), 0.0);
        assert_eq!(round_tenth(0.05), 0.1);
        assert_eq!(mib_to_gib(16_384.0), 16.0);
    }
}
