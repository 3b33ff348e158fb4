package social.upkeep.billing;

import java.util.Set;

/** A supporter's business with Stripe, ended before their data is erased. */
public interface SupporterStripe {

    /** Stripe could not be asked, or refused: the message key says which, and nothing in Upkeep was changed. */
    final class Unreachable extends RuntimeException {

        private final String messageKey;

        public Unreachable(String messageKey, Throwable cause) {
            super(messageKey, cause);
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    /**
     * Cancels every subscription of the supporter that Stripe would still charge, at once (not at the period's end),
     * and deletes their Stripe customers on the servers in {@code deleteCustomersOn}. Cancelling what is already
     * cancelled, or deleting what is gone, counts as done, so a second attempt after a failure finishes the job.
     */
    void endAll(long supporterId, Set<Long> deleteCustomersOn);

    /** The servers the supporter has anything with: a checkout, a Stripe customer or a membership. */
    Set<Long> serversOf(long supporterId);
}
