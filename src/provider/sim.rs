//! Simulated Azure (being written).
