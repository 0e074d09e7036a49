//! One function per metric of METRICS.md.
