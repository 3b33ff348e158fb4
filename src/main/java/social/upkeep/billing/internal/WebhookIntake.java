package social.upkeep.billing.internal;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpStatus;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code POST /stripe/webhook/{server}}: the raw bytes are checked against that server's signing secret, the
 * mode against its key, and the event is stored under its id before Stripe hears 200. Anything that does not
 * pass answers 400 and stores nothing; a redelivered event answers 200 and stores nothing new.
 *
 * <p>A servlet filter ahead of all others rather than a controller: this is the busiest path Upkeep has, and the
 * MVC dispatcher, Spring Security and the request metrics together cost more than half of each delivery's time
 * for nothing it needs (bench/webhooks.sh: 1,191 deliveries per second as a controller, 2,292 as this filter).
 */
final class WebhookIntake extends OncePerRequestFilter {

    static final String PATH = "/stripe/webhook/";

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final StripeAccounts accounts;
    private final EventInbox inbox;
    private final StripeSettings settings;
    private final Clock clock;
    private final Counter accepted;
    private final Counter refused;

    WebhookIntake(StripeAccounts accounts, EventInbox inbox, StripeSettings settings, Clock clock,
            MeterRegistry metrics) {
        this.accounts = accounts;
        this.inbox = inbox;
        this.settings = settings;
        this.clock = clock;
        this.accepted = deliveries(metrics, "accepted");
        this.refused = deliveries(metrics, "refused");
    }

    private static Counter deliveries(MeterRegistry metrics, String outcome) {
        return Counter.builder("upkeep.stripe.webhooks").tag("outcome", outcome)
                .description("Stripe webhook deliveries this node answered: accepted (stored, or a redelivery) "
                        + "or refused (bad signature, wrong mode, not an event, too large)")
                .register(metrics);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        Answer answer = receive(request);
        (answer.status() == HttpStatus.OK ? accepted : refused).increment();
        response.setStatus(answer.status().value());
        response.setContentType("application/json");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(answer.json());
    }

    /** What Stripe hears back; never more than whether the event got in. */
    record Answer(HttpStatus status, String json) {
    }

    private Answer receive(HttpServletRequest request) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            return refuse(HttpStatus.METHOD_NOT_ALLOWED, "POST only");
        }
        String server = request.getRequestURI().substring(request.getContextPath().length() + PATH.length());
        if (!server.matches("\\d{1,18}")) {
            return refuse(HttpStatus.NOT_FOUND, "unknown server");
        }
        long instanceId = Long.parseLong(server);
        Optional<byte[]> body = read(request);
        if (body.isEmpty()) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "body too large");
        }
        String signature = request.getHeader("Stripe-Signature");
        if (signature == null || signature.isBlank()) {
            return refuse(HttpStatus.BAD_REQUEST, "missing signature");
        }
        String payload = new String(body.get(), StandardCharsets.UTF_8);
        StripeAccounts.Signing signing = accounts.signing(instanceId, false);
        if (!verifies(payload, signature, signing)) {
            StripeAccounts.Signing reread = accounts.signing(instanceId, true); // another node may have a new secret
            if (reread == signing || !verifies(payload, signature, reread)) {
                return refuse(HttpStatus.BAD_REQUEST, "signature does not verify for this server");
            }
            signing = reread;
        }
        Optional<EventEnvelope> event = EventEnvelope.read(body.get());
        if (event.isEmpty()) {
            return refuse(HttpStatus.BAD_REQUEST, "not a Stripe event");
        }
        if (event.get().livemode() != signing.livemode()) {
            return refuse(HttpStatus.BAD_REQUEST,
                    signing.livemode() ? "test event sent to a live account" : "live event sent to a test account");
        }
        boolean stored = inbox.store(instanceId, event.get().id(), event.get().type(), event.get().apiVersion(),
                event.get().livemode(), Instant.ofEpochSecond(event.get().created()), payload);
        return new Answer(HttpStatus.OK, "{\"received\":true,\"duplicate\":" + !stored + "}");
    }

    private boolean verifies(String payload, String signature, StripeAccounts.Signing signing) {
        if (signing.secret().isEmpty()) {
            return false;
        }
        try {
            return Webhook.Signature.verifyHeader(payload, signature, signing.secret().get(),
                    settings.signatureTolerance().toSeconds(), clock);
        } catch (SignatureVerificationException | RuntimeException e) { // a malformed header verifies nothing
            return false;
        }
    }

    /** The body, unless it is larger than Stripe ever sends. */
    private Optional<byte[]> read(HttpServletRequest request) throws IOException {
        int max = settings.maxEventBytes();
        if (request.getContentLengthLong() > max) {
            return Optional.empty();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(max + 1);
            return bytes.length > max ? Optional.empty() : Optional.of(bytes);
        }
    }

    /** {@code reason} is one of this class's constant texts, so it needs no escaping. */
    private static Answer refuse(HttpStatus status, String reason) {
        log.info("Stripe webhook refused ({}): {}", status.value(), reason);
        return new Answer(status, "{\"error\":\"" + reason + "\"}");
    }
}
