//! Attraction: site sessions, chats during a visit, and leads (tallied per channel and day for
//! the spend file).

use super::*;

impl Company {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn session(
        &mut self,
        rng: &mut Pcg64Mcg,
        visitor: u64,
        customer: Option<u64>,
        day: u32,
        secs: u32,
        page: usize,
        channel: usize,
        converted: bool,
    ) {
        let id = self.next_session;
        self.next_session += 1;
        let (source, medium) = source_medium(channel, rng.random_range(0..6));
        let duration =
            lognormal(rng, if converted { 240.0 } else { 80.0 }, 0.9).clamp(5.0, 7200.0) as u64;
        let pageviews = (1 + duration / 90 + rng.random_range(0..3)).min(40);
        let (yes, no) = self.yes_no();
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Sessions as usize];
        o.id("S", id, 9);
        o.id("V", visitor + 1, 8);
        match customer {
            Some(c) => o.id("C", c, 7),
            None => o.empty(),
        }
        o.moment(cal, day, secs);
        o.text(LANDING_PAGES[page]);
        o.text(source);
        o.text(medium);
        o.uint(duration);
        o.uint(pageviews);
        o.boolean(converted, yes, no);
        o.end_row();
    }

    pub(super) fn chat(
        &mut self,
        rng: &mut Pcg64Mcg,
        email: &str,
        day: u32,
        secs: u32,
        converted: bool,
    ) {
        let id = self.next_chat;
        self.next_chat += 1;
        let bot = rng.random_bool(0.9);
        let transferred = bot && rng.random_bool(if converted { 0.3 } else { 0.4 });
        let agent = if !bot || transferred {
            let a = self.agent_on_duty(rng, day);
            self.tally_contact(a, day, converted || rng.random_bool(0.7));
            Some(a)
        } else {
            None
        };
        let channel = rng.random_range(0..CHAT_CHANNELS.len());
        let (yes, no) = self.yes_no();
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Chats as usize];
        o.id("CH", id, 8);
        if converted {
            o.text(email);
        } else {
            o.empty();
        }
        o.moment(cal, day, secs);
        o.text(w(lang, CHAT_CHANNELS[channel]));
        o.boolean(bot, yes, no);
        o.boolean(transferred, yes, no);
        match agent {
            Some(a) => o.text(&self.agents[a]),
            None => o.empty(),
        }
        o.boolean(converted, yes, no);
        o.end_row();
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn lead(
        &mut self,
        rng: &mut Pcg64Mcg,
        email: &str,
        first: &str,
        surname: &str,
        day: u32,
        secs: u32,
        channel: usize,
        converted: bool,
    ) {
        let id = self.next_lead;
        self.next_lead += 1;
        self.leads_by_channel_day[channel * self.cal.days() as usize + day as usize] += 1;
        // Some forms keep the capital the person typed; identity folds case.
        let capitalised = rng.random_bool(0.04);
        let (yes, no) = self.yes_no();
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Leads as usize];
        o.id("L", id, 8);
        if capitalised {
            let mut e = email.to_string();
            if let Some(c) = e.get_mut(0..1) {
                c.make_ascii_uppercase();
            }
            o.text(&e);
        } else {
            o.text(email);
        }
        o.text(&format!("{first} {surname}"));
        o.moment(cal, day, secs);
        o.text(w(lang, CHANNELS[channel]));
        o.boolean(converted, yes, no);
        o.end_row();
    }
}
