//! The app subscription: plans, seats, renewals and cancellations, and the members' product
//! events.

use super::*;

impl Company {
    /// An app subscription's life from `start`: renewals, seat and plan changes, churn and
    /// reactivation, with the members' product events. Each row is one stretch at one price.
    pub(super) fn subscription(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        start: u32,
    ) {
        let last = self.cal.last_day();
        let mut plan = weighted(rng, &[0.7, 0.2, 0.1]);
        let mut seats = rng.random_range(PLANS[plan].3..=PLANS[plan].4);
        let yearly = rng.random_bool(0.25);
        let mut seg_start = start;
        let mut t = start;
        // Members who already signed up (events), so a seat added later signs up then.
        let mut members_signed = 0u32;
        members_signed = self.member_events(rng, customer, plan, seats, members_signed, t, t);
        loop {
            let next = t + if yearly { 365 } else { 30 };
            if next > last {
                self.member_events(rng, customer, plan, seats, members_signed, t, last + 1);
                self.subscription_row(customer, email, plan, seats, yearly, seg_start, None);
                break;
            }
            self.member_events(rng, customer, plan, seats, members_signed, t, next);
            t = next;
            let u: f64 = rng.random();
            let p_churn = if yearly { 0.18 } else { 0.035 };
            let (min_seats, max_seats) = (PLANS[plan].3, PLANS[plan].4);
            if u < p_churn {
                self.subscription_row(customer, email, plan, seats, yearly, seg_start, Some(t));
                if rng.random_bool(0.25) {
                    let reason = if rng.random_bool(0.5) {
                        R_CANCELLATION
                    } else {
                        R_APP_ACCESS
                    };
                    self.ticket(rng, customer, email, t.saturating_sub(1), reason);
                }
                if !rng.random_bool(0.25) {
                    break;
                }
                // Comes back after a while.
                t += rng.random_range(20..200);
                if t >= last {
                    break;
                }
                seg_start = t;
            } else if u < p_churn + 0.03 {
                // Expansion: more seats, or the next plan up.
                self.subscription_row(customer, email, plan, seats, yearly, seg_start, Some(t));
                if seats < max_seats {
                    seats = (seats + rng.random_range(1..=3)).min(max_seats);
                } else if plan + 1 < PLANS.len() {
                    plan += 1;
                    seats = seats.max(PLANS[plan].3);
                }
                seg_start = t;
                members_signed =
                    self.member_events(rng, customer, plan, seats, members_signed, t, t);
            } else if u < p_churn + 0.045 && (seats > min_seats || plan > 0) {
                // Contraction: fewer seats, or the plan below.
                self.subscription_row(customer, email, plan, seats, yearly, seg_start, Some(t));
                if seats > min_seats {
                    seats -= 1;
                } else {
                    plan -= 1;
                    seats = PLANS[plan].4.min(seats);
                }
                seg_start = t;
            }
        }
    }

    /// Monthly recurring revenue of a stretch, in cents (yearly plans cost 10 months).
    pub(super) fn mrr_cents(plan: usize, seats: u32, yearly: bool) -> i64 {
        let monthly = PLANS[plan].2 * i64::from(seats);
        if yearly {
            (monthly * 10 + 6) / 12
        } else {
            monthly
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn subscription_row(
        &mut self,
        customer: u64,
        email: &str,
        plan: usize,
        seats: u32,
        yearly: bool,
        start: u32,
        end: Option<u32>,
    ) {
        let id = self.next_subscription;
        self.next_subscription += 1;
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Subscriptions as usize];
        o.id("SUB", id, 7);
        o.id("C", customer, 7);
        o.text(email);
        let (pt, en, _, _, _) = PLANS[plan];
        o.text(if lang == Lang::Pt { pt } else { en });
        o.text(w(lang, INTERVALS[usize::from(yearly)]));
        o.uint(u64::from(seats));
        o.cents(Self::mrr_cents(plan, seats, yearly));
        o.text(w(lang, SUB_STATUS[usize::from(end.is_some())]));
        o.day(cal, start);
        match end {
            Some(e) => o.day(cal, e),
            None => o.empty(),
        }
        o.end_row();
    }

    /// Events of an account's members between `from` and `to` (exclusive). Members beyond
    /// `signed` sign up (and may activate and onboard) at `from`. Business accounts use about
    /// 70% of their seats. Returns how many members have signed up.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn member_events(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        plan: usize,
        seats: u32,
        signed: u32,
        from: u32,
        to: u32,
    ) -> u32 {
        let members = if plan == 2 {
            ((seats * 7).div_ceil(10)).max(1)
        } else {
            seats
        };
        let last = self.cal.last_day();
        for m in 1..=members {
            let user = format!("U{customer:07}-{m}");
            if m > signed {
                let at = from * DAY + time_of_day(rng);
                self.event(&user, customer, EV_SIGNUP, at);
                if rng.random_bool(0.8) {
                    let act = at + rng.random_range(HOUR..5 * DAY);
                    if act / DAY <= last {
                        self.event(&user, customer, EV_ACTIVATION, act);
                    }
                    if rng.random_bool(0.85) {
                        let value = act + rng.random_range(600..3 * DAY);
                        if value / DAY <= last {
                            self.event(&user, customer, EV_FIRST_VALUE, value);
                        }
                    }
                    if rng.random_bool(0.7) {
                        let onb = act + rng.random_range(HOUR..14 * DAY);
                        if onb / DAY <= last {
                            self.event(&user, customer, EV_ONBOARDING, onb);
                        }
                    }
                }
            }
            // Weekly use while the stretch lasts.
            let engagement =
                0.1 + 0.5 * f64::from((customer as u32).wrapping_mul(2_654_435_761) >> 24) / 255.0;
            let mut week = from;
            while week + 7 <= to {
                if rng.random_bool(engagement) {
                    let n = if rng.random_bool(0.3) { 2 } else { 1 };
                    for _ in 0..n {
                        let day = week + rng.random_range(0..7);
                        let action = CORE_ACTIONS[weighted(rng, &[0.6, 0.3, 0.1])];
                        self.event(&user, customer, action, day * DAY + time_of_day(rng));
                    }
                }
                week += 7;
            }
        }
        signed.max(members)
    }

    pub(super) fn event(&mut self, user: &str, customer: u64, name: &str, at: u32) {
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Events as usize];
        o.id("C", customer, 7);
        o.text(user);
        o.text(name);
        o.moment(cal, 0, at);
        o.end_row();
    }
}
