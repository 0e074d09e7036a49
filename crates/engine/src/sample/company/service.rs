//! After-sales: tickets, survey answers (NPS, CSAT, CES), reviews and help-article reads.

use super::*;

impl Company {
    pub(super) fn ticket(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        day: u32,
        reason: usize,
    ) -> u64 {
        let id = self.next_ticket;
        self.next_ticket += 1;
        let end_secs = (self.cal.last_day() + 1) * DAY;
        let channel = weighted(rng, &TICKET_CHANNEL_WEIGHTS);
        let bot_channel = channel == 1 || channel == 2;
        let bot = bot_channel && rng.random_bool(0.6);
        let contained = bot && reason != R_REFUND && rng.random_bool(0.45);
        let transferred = bot && !contained;
        let created = day * DAY + time_of_day(rng);
        let first_response = created
            + if bot {
                rng.random_range(3..60)
            } else {
                let median = if channel == 0 { 3.5 } else { 0.6 };
                (lognormal(rng, median, 0.9) * f64::from(HOUR)).min(f64::from(5 * DAY)) as u32
            };
        let resolved = first_response
            + if contained {
                rng.random_range(60..900)
            } else {
                (lognormal(rng, 16.0, 1.0) * f64::from(HOUR)).min(f64::from(20 * DAY)) as u32
            };
        let first_response = (first_response < end_secs).then_some(first_response);
        let resolved = (resolved < end_secs && first_response.is_some()).then_some(resolved);
        let sla_due = created + TICKET_SLA_HOURS[channel] * HOUR;
        let agent = if contained {
            None
        } else {
            Some(self.agent_on_duty(rng, day))
        };
        if let Some(a) = agent {
            self.tally_contact(a, day, resolved.is_some());
        }
        let handle_minutes =
            (!contained).then(|| (lognormal(rng, 12.0, 0.6).clamp(1.0, 240.0)) as u64);

        let (yes, no) = self.yes_no();
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Tickets as usize];
        o.uint(id);
        o.id("C", customer, 7);
        o.text(email);
        o.moment(cal, 0, created);
        match first_response {
            Some(t) => o.moment(cal, 0, t),
            None => o.empty(),
        }
        match resolved {
            Some(t) => o.moment(cal, 0, t),
            None => o.empty(),
        }
        o.moment(cal, 0, sla_due.min(end_secs - 60));
        o.text(w(lang, TICKET_CHANNELS[channel]));
        o.text(w(lang, REASONS[reason]));
        match agent {
            Some(a) => o.text(&self.agents[a]),
            None => o.empty(),
        }
        o.boolean(bot, yes, no);
        o.boolean(transferred, yes, no);
        match handle_minutes {
            Some(m) => o.uint(m),
            None => o.empty(),
        }
        o.end_row();

        // Reading help articles before opening it.
        if rng.random_bool(0.5) {
            self.article_view(rng, Some(customer), day);
        }
        // CSAT and CES after resolution.
        if let Some(resolved) = resolved {
            let hours = (resolved - created) / HOUR;
            let fast = hours < 24;
            if rng.random_bool(0.35) && resolved + DAY < end_secs {
                let at = resolved + rng.random_range(600..DAY);
                let weights: [f64; 5] = if fast {
                    [0.03, 0.04, 0.1, 0.33, 0.5]
                } else {
                    [0.12, 0.12, 0.2, 0.3, 0.26]
                };
                let score = weighted(rng, &weights) as u64 + 1;
                let sentiment = match score {
                    4..=5 => 0,
                    3 => 1,
                    _ => 2,
                };
                self.survey_row(rng, customer, email, at, 1, score, sentiment, Some(id));
            }
            if rng.random_bool(0.15) && resolved + DAY < end_secs {
                let at = resolved + rng.random_range(600..DAY);
                let weights: [f64; 7] = if fast {
                    [0.02, 0.03, 0.05, 0.1, 0.2, 0.3, 0.3]
                } else {
                    [0.08, 0.1, 0.15, 0.2, 0.2, 0.15, 0.12]
                };
                let score = weighted(rng, &weights) as u64 + 1;
                let sentiment = match score {
                    5..=7 => 0,
                    4 => 1,
                    _ => 2,
                };
                self.survey_row(rng, customer, email, at, 2, score, sentiment, Some(id));
            }
        }
        id
    }

    pub(super) fn nps(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        day: u32,
        trouble: bool,
    ) {
        let class = if trouble {
            weighted(rng, &[0.25, 0.3, 0.45])
        } else {
            weighted(rng, &[0.55, 0.3, 0.15])
        };
        let score = match class {
            0 => rng.random_range(9..=10),
            1 => rng.random_range(7..=8),
            _ => weighted(rng, &[0.08, 0.04, 0.05, 0.08, 0.1, 0.25, 0.4]) as u64,
        };
        let at = day * DAY + time_of_day(rng);
        self.survey_row(rng, customer, email, at, 0, score, class, None);
    }

    /// One customer survey answer; `survey` indexes [`SURVEY_NAMES`] (0 NPS, 1 CSAT, 2 CES).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn survey_row(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        at: u32,
        survey: usize,
        score: u64,
        sentiment: usize,
        ticket: Option<u64>,
    ) {
        let id = self.next_response;
        self.next_response += 1;
        let comment = rng.random_bool(0.45).then(|| {
            let pool = CUSTOMER_COMMENTS[sentiment];
            w(self.lang, pool[rng.random_range(0..pool.len())])
        });
        let question = [Q_NPS, Q_CSAT, Q_CES][survey];
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Surveys as usize];
        o.id("R", id, 8);
        o.id("C", customer, 7);
        o.text(email);
        o.moment(cal, 0, at);
        o.text(w(lang, SURVEY_NAMES[survey]));
        o.text(w(lang, question));
        o.uint(score);
        match comment {
            Some(c) => o.text(c),
            None => o.empty(),
        }
        match ticket {
            Some(t) => o.uint(t),
            None => o.empty(),
        }
        o.end_row();
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn review(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        order: u64,
        product: usize,
        day: u32,
        rating: u64,
    ) {
        let id = self.next_review;
        self.next_review += 1;
        let sentiment = match rating {
            4..=5 => 0,
            3 => 1,
            _ => 2,
        };
        let comment = rng.random_bool(0.7).then(|| {
            let pool = REVIEW_COMMENTS[sentiment];
            w(self.lang, pool[rng.random_range(0..pool.len())])
        });
        let secs = time_of_day(rng);
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Reviews as usize];
        o.id("RV", id, 8);
        o.id("C", customer, 7);
        o.text(email);
        o.uint(order);
        let (pt, en, _, _) = PRODUCTS[product];
        o.text(if lang == Lang::Pt { pt } else { en });
        o.moment(cal, day, secs);
        o.uint(rating);
        match comment {
            Some(c) => o.text(c),
            None => o.empty(),
        }
        o.end_row();
    }

    pub(super) fn article_view(&mut self, rng: &mut Pcg64Mcg, customer: Option<u64>, day: u32) {
        let article = weighted(
            rng,
            &[0.25, 0.16, 0.12, 0.1, 0.09, 0.08, 0.07, 0.05, 0.04, 0.04],
        );
        let vote = rng
            .random_bool(0.35)
            .then(|| rng.random_bool(ARTICLE_HELPFUL[article]));
        let rating = rng.random_bool(0.15).then(|| {
            let good = ARTICLE_HELPFUL[article];
            if rng.random_bool(good) {
                rng.random_range(4..=5)
            } else {
                rng.random_range(1..=3)
            }
        });
        let secs = time_of_day(rng);
        let yes_no = match self.lang {
            Lang::Pt => ("sim", "não"),
            Lang::En => ("yes", "no"),
        };
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::ArticleViews as usize];
        o.text(w(lang, ARTICLES[article]));
        o.moment(cal, day, secs);
        match customer {
            Some(c) => o.id("C", c, 7),
            None => o.empty(),
        }
        match vote {
            Some(v) => o.boolean(v, yes_no.0, yes_no.1),
            None => o.empty(),
        }
        match rating {
            Some(r) => o.uint(r),
            None => o.empty(),
        }
        o.end_row();
    }
}
