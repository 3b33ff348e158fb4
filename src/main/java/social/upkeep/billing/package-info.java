/**
 * Money through Stripe: each server's Stripe account, checkout, webhook intake into a stored event queue, the
 * workers that apply events to memberships, payments and the ledger, reconciliation with Stripe, the
 * supporter's "my support" (with Stripe's portal) and the operator's members page.
 */
@NullMarked
package social.upkeep.billing;

import org.jspecify.annotations.NullMarked;
