/** Billing inside. */
@NullMarked
package social.upkeep.billing.internal;

import org.jspecify.annotations.NullMarked;
