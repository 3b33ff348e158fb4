/**
 * Money through Stripe: each server's Stripe account, webhook intake into a stored event queue, and (to come)
 * checkout, the customer portal, event processing and reconciliation.
 */
@NullMarked
package social.upkeep.billing;

import org.jspecify.annotations.NullMarked;
