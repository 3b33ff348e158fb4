/** Outgoing mail: the outbox and its delivery. */
@NullMarked
package social.upkeep.notification;

import org.jspecify.annotations.NullMarked;
