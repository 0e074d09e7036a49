//! The per-day files written at the end from the day tallies: social posts, marketing spend
//! (following leads per channel), agent shifts and the employee survey.

use super::*;

impl Company {
    pub(super) fn social(&mut self) {
        let mut rng = self.rng_for(2, 0);
        let base = (self.scale as f64 / 40.0).max(60.0);
        for day in 0..self.cal.days() {
            let demand = self.cal.weight(day) / self.cal.max_weight;
            for (network, factor) in SOCIAL_NETWORKS {
                let reactions = (base * factor * demand * rng.random_range(0.6..1.4)) as u64;
                let comments = (reactions as f64 * rng.random_range(0.03..0.08)) as u64;
                let shares = (reactions as f64 * rng.random_range(0.02..0.05)) as u64;
                let dms = (reactions as f64 * rng.random_range(0.005..0.02)) as u64;
                let cal = &self.cal;
                let o = &mut self.outs[FileId::Social as usize];
                o.day(cal, day);
                o.text(network);
                o.uint(reactions);
                o.uint(comments);
                o.uint(shares);
                o.uint(dms);
                o.end_row();
            }
        }
    }

    pub(super) fn spend(&mut self) {
        let mut rng = self.rng_for(3, 0);
        let days = self.cal.days();
        for day in 0..days {
            let campaign = self.campaign(day);
            for (channel, cpl) in PAID_CPL_CENTS {
                let leads =
                    i64::from(self.leads_by_channel_day[channel * days as usize + day as usize]);
                // Spend follows the leads it bought, plus an always-on floor.
                let spend = ((leads as f64 + 0.5) * cpl as f64 * rng.random_range(0.8..1.2)) as i64;
                let impressions = (spend as f64 / 100.0 * rng.random_range(60.0..110.0)) as u64;
                let clicks = (impressions as f64 * rng.random_range(0.008..0.025)) as u64;
                let lang = self.lang;
                let cal = &self.cal;
                let o = &mut self.outs[FileId::Spend as usize];
                o.day(cal, day);
                o.text(w(lang, CHANNELS[channel]));
                o.text(w(lang, CAMPAIGNS[campaign]));
                o.cents(spend);
                o.uint(impressions);
                o.uint(clicks);
                o.end_row();
            }
        }
    }

    pub(super) fn campaign(&self, day: u32) -> usize {
        let (_, m, d) = self.cal.ymd(day);
        if self.cal.is_black_friday_week(day) {
            1
        } else if m == 12 && d <= 24 {
            2
        } else if m == 5 && d <= 12 {
            3
        } else if (m == 1 && d >= 15) || (m == 2 && d <= 15) {
            4
        } else {
            0
        }
    }

    pub(super) fn agent_shifts(&mut self) {
        let mut rng = self.rng_for(4, 0);
        let days = self.cal.days() as usize;
        for day in 0..self.cal.days() {
            for a in 0..self.agents.len() {
                if !works(a, day) {
                    continue;
                }
                let logged = rng.random_range(760..=860);
                let pause = rng.random_range(45..=130);
                let contacts = self.agent_contacts[a * days + day as usize];
                let successes = self.agent_successes[a * days + day as usize];
                let cal = &self.cal;
                let o = &mut self.outs[FileId::AgentShifts as usize];
                o.text(&self.agents[a]);
                o.day(cal, day);
                o.cents(logged);
                o.cents(pause);
                o.uint(u64::from(contacts));
                o.uint(u64::from(successes));
                o.end_row();
            }
        }
    }

    pub(super) fn employee_survey(&mut self) {
        let mut rng = self.rng_for(5, 0);
        let n_agents = self.agents.len();
        let others = (self.scale / 20_000).clamp(20, 2_000) as usize;
        let mut response = 1u64;
        for quarter_end in self.cal.quarter_ends() {
            for e in 0..n_agents + others {
                if !rng.random_bool(0.7) {
                    continue;
                }
                let is_agent = e < n_agents;
                let department = if is_agent {
                    0
                } else {
                    1 + e % (DEPARTMENTS.len() - 1)
                };
                let class = if is_agent {
                    weighted(&mut rng, &[0.35, 0.33, 0.32])
                } else {
                    weighted(&mut rng, &[0.45, 0.35, 0.2])
                };
                let score: u64 = match class {
                    0 => rng.random_range(9..=10),
                    1 => rng.random_range(7..=8),
                    _ => rng.random_range(2..=6),
                };
                let comment = rng.random_bool(0.35).then(|| {
                    let pool = EMPLOYEE_COMMENTS[class];
                    w(self.lang, pool[rng.random_range(0..pool.len())])
                });
                let day = quarter_end.saturating_sub(rng.random_range(0..10));
                let secs = time_of_day(&mut rng);
                let lang = self.lang;
                let cal = &self.cal;
                let o = &mut self.outs[FileId::EmployeeSurvey as usize];
                o.id("ENPS", response, 6);
                o.id("E", e as u64 + 1, 4);
                o.text(w(lang, DEPARTMENTS[department]));
                o.moment(cal, day, secs);
                o.uint(score);
                match comment {
                    Some(c) => o.text(c),
                    None => o.empty(),
                }
                o.end_row();
                response += 1;
            }
        }
    }
}
