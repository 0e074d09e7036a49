//! Sales: a buying customer's orders (new, repeat, up- and cross-sells, abandoned carts,
//! refunds), planned and written.

use super::*;

impl Company {
    /// A buying customer's orders from their first purchase day on.
    pub(super) fn plan_orders(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        channel: usize,
        first_day: u32,
        orders: &mut Vec<Order>,
    ) {
        let last = self.cal.last_day();
        let mut day = first_day;
        let mut has_completed = false;
        let mut repeat_p: f64 = 0.45;
        loop {
            let ch = if !has_completed {
                channel
            } else {
                [CH_EMAIL, CH_DIRECT, CH_ORGANIC, channel][weighted(rng, &[0.35, 0.3, 0.15, 0.2])]
            };
            let secs = time_of_day(rng);
            if rng.random_bool(0.5) {
                // A cart left earlier that day (or the day before), then the purchase.
                let cart_day = day.saturating_sub(rng.random_range(0..2));
                let product = weighted(rng, &PRODUCT_WEIGHTS);
                let cart_secs = secs.saturating_sub(rng.random_range(600..7200));
                let ty = if has_completed {
                    OrderType::Repeat
                } else {
                    OrderType::New
                };
                let id = self.write_order(
                    rng,
                    customer,
                    email,
                    cart_day,
                    cart_secs,
                    OrderStatus::Abandoned,
                    ty,
                    ch,
                    product,
                );
                orders.push(Order {
                    id,
                    day: cart_day,
                    status: OrderStatus::Abandoned,
                    product,
                });
            }
            let recent = day + 10 > last;
            let status = match weighted(rng, &[0.85, 0.06, 0.05, if recent { 0.6 } else { 0.01 }]) {
                0 => OrderStatus::Completed,
                1 => OrderStatus::Cancelled,
                2 => OrderStatus::Refunded,
                _ => OrderStatus::Pending,
            };
            let (ty, product) = if !has_completed {
                (OrderType::New, weighted(rng, &PRODUCT_WEIGHTS))
            } else if rng.random_bool(0.14) {
                (
                    OrderType::CrossSell,
                    CROSS_SELL_PRODUCTS[rng.random_range(0..CROSS_SELL_PRODUCTS.len())],
                )
            } else {
                (OrderType::Repeat, weighted(rng, &PRODUCT_WEIGHTS))
            };
            let id = self.write_order(rng, customer, email, day, secs, status, ty, ch, product);
            orders.push(Order {
                id,
                day,
                status,
                product,
            });
            if status == OrderStatus::Completed {
                has_completed = true;
                if rng.random_bool(0.07) {
                    // Accepted the offer on the thank-you page.
                    let up = UPSELL_PRODUCTS[rng.random_range(0..UPSELL_PRODUCTS.len())];
                    let up_secs = secs + rng.random_range(60..900);
                    let id = self.write_order(
                        rng,
                        customer,
                        email,
                        day,
                        up_secs,
                        OrderStatus::Completed,
                        OrderType::Upsell,
                        ch,
                        up,
                    );
                    orders.push(Order {
                        id,
                        day,
                        status: OrderStatus::Completed,
                        product: up,
                    });
                }
            }
            if !rng.random_bool(repeat_p) {
                break;
            }
            repeat_p = (repeat_p + 0.08).min(0.75);
            day += 5 + exp_days(rng, 75.0);
            if day > last {
                break;
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_order(
        &mut self,
        rng: &mut Pcg64Mcg,
        customer: u64,
        email: &str,
        day: u32,
        secs: u32,
        status: OrderStatus,
        ty: OrderType,
        channel: usize,
        product: usize,
    ) -> u64 {
        let id = self.next_order;
        self.next_order += 1;
        let (_, _, price, cost_share) = PRODUCTS[product];
        let quantity: i64 = match weighted(rng, &[0.86, 0.11, 0.03]) {
            0 => 1,
            1 => 2,
            _ => 3,
        };
        let discount = if self.cal.is_black_friday_week(day) {
            20
        } else if rng.random_bool(0.1) {
            10
        } else {
            0
        };
        let amount = price * quantity * (100 - discount) / 100;
        let cost = price * quantity * cost_share / 100;
        // Returning sessions of known customers, tagged with their id (logged in).
        if status != OrderStatus::Abandoned && rng.random_bool(0.25) {
            let page = rng.random_range(0..3);
            self.session(
                rng,
                customer - 1,
                Some(customer),
                day,
                secs.saturating_sub(300),
                page,
                channel,
                false,
            );
        }
        let lang = self.lang;
        let cal = &self.cal;
        let o = &mut self.outs[FileId::Orders as usize];
        o.uint(id);
        o.id("C", customer, 7);
        o.text(email);
        o.moment(cal, day, secs);
        o.text(w(lang, ORDER_STATUS[status as usize]));
        o.text(w(lang, ORDER_TYPE[ty as usize]));
        o.text(w(lang, CHANNELS[channel]));
        let (pt, en, _, _) = PRODUCTS[product];
        o.text(if lang == Lang::Pt { pt } else { en });
        o.uint(quantity as u64);
        o.cents(amount);
        o.cents(cost);
        o.end_row();
        id
    }
}
