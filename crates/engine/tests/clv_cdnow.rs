//! The BG/NBD and Gamma-Gamma fits against the published values for the public CDNOW sample
//! (fixture and source: `tests/fixtures/cdnow/README.md`).

use jornada_engine::stats::{bgnbd, gamma_gamma};

/// (x, t_x, T, zbar) per customer.
fn cdnow() -> Vec<(u32, f64, f64, f64)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    fn num<T: std::str::FromStr>(f: &[&str], i: usize, line: usize) -> T {
        f.get(i)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("CDNOW fixture line {line}: field {i}"))
    }
    text.lines()
        .enumerate()
        .skip(1)
        .map(|(i, l)| {
            let f: Vec<&str> = l.split(',').collect();
            let line = i + 1;
            (
                num(&f, 1, line),
                num(&f, 2, line),
                num(&f, 3, line),
                num(&f, 4, line),
            )
        })
        .collect()
}

fn within(got: f64, want: f64, tol: f64) -> bool {
    ((got - want) / want).abs() <= tol
}

#[test]
fn bgnbd_matches_fader_hardie_lee_2005_on_cdnow() {
    let customers: Vec<bgnbd::Rfm> = cdnow()
        .iter()
        .map(|&(x, t_x, t, _)| bgnbd::Rfm { x, t_x, t })
        .collect();
    assert_eq!(customers.len(), 2357);
    let fit = bgnbd::fit(&customers);
    assert!(fit.mle.converged && fit.mle.information_ok);
    let p = fit.params;
    for (name, got, want) in [
        ("r", p.r, 0.243),
        ("alpha", p.alpha, 4.414),
        ("a", p.a, 0.793),
        ("b", p.b, 2.426),
    ] {
        assert!(within(got, want, 0.05), "{name}: {got} vs published {want}");
    }
    // The paper's maximised log-likelihood is -9582.4.
    assert!(
        (fit.mle.log_likelihood + 9582.4).abs() < 0.5,
        "{}",
        fit.mle.log_likelihood
    );
    // Standard errors from the observed information, as `lifetimes` 0.11.3 reports them
    // for this data (its `summary`): r 0.0126, α 0.378, a 0.186, b 0.705.
    for (e, want) in fit.estimates.iter().zip([0.0126, 0.378, 0.186, 0.705]) {
        let se = e.se.unwrap();
        assert!(within(se, want, 0.05), "se {se} vs {want}");
        assert!(e.low.unwrap() < e.value && e.value < e.high.unwrap());
    }
    // A heavy buyer (x = 26, t_x = 30.86, T = 31): `lifetimes` 0.11.3 gives P(alive)
    // 0.968920 and 20.750570 expected purchases over the next 39 weeks with its own fit.
    let c = bgnbd::Rfm {
        x: 26,
        t_x: 30.86,
        t: 31.0,
    };
    assert!(within(p.p_alive(&c), 0.968920, 0.001), "{}", p.p_alive(&c));
    let e = p.expected_purchases(&c, 39.0).unwrap();
    assert!(within(e, 20.750570, 0.001), "{e}");
}

#[test]
fn gamma_gamma_matches_the_published_values_on_cdnow() {
    let repeat: Vec<gamma_gamma::Spend> = cdnow()
        .iter()
        .filter(|&&(x, _, _, m)| x > 0 && m > 0.0)
        .map(|&(x, _, _, m)| gamma_gamma::Spend { x, m })
        .collect();
    assert_eq!(repeat.len(), 946);
    let fit = gamma_gamma::fit(&repeat);
    assert!(fit.mle.converged && fit.mle.information_ok);
    let g = fit.params;
    for (name, got, want) in [
        ("p", g.p, 6.25),
        ("q", g.q, 3.74),
        ("gamma", g.gamma, 15.44),
    ] {
        assert!(within(got, want, 0.05), "{name}: {got} vs published {want}");
    }
    // Standard errors as `lifetimes` reports them: p 1.190, q 0.290, γ 4.160.
    for (e, want) in fit.estimates.iter().zip([1.190, 0.290, 4.160]) {
        let se = e.se.unwrap();
        assert!(within(se, want, 0.05), "se {se} vs {want}");
    }
    // Customer 1 (x = 2, mean 22.35): `lifetimes` expects 24.6586 per purchase.
    let spend = g.expected_spend(2, 22.35).unwrap();
    assert!(within(spend, 24.6586, 0.001), "{spend}");
}
