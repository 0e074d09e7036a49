//! The embeddable survey widget.
