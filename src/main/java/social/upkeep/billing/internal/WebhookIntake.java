package social.upkeep.billing.internal;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /stripe/webhook/{server}}: the raw bytes are checked against that server's signing secret, the
 * mode against its key, and the event is stored under its id before Stripe hears 200. Anything that does not
 * pass answers 400 and stores nothing; a redelivered event answers 200 and stores nothing new.
 */
@RestController
class WebhookIntake {

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

    private final StripeAccounts accounts;
    private final EventInbox inbox;
    private final StripeSettings settings;
    private final Clock clock;

    WebhookIntake(StripeAccounts accounts, EventInbox inbox, StripeSettings settings, Clock clock) {
        this.accounts = accounts;
        this.inbox = inbox;
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping(path = "/stripe/webhook/{server}")
    ResponseEntity<Map<String, Object>> receive(@PathVariable String server, HttpServletRequest request)
            throws IOException {
        if (!server.matches("\\d{1,18}")) {
            return refuse(HttpStatus.NOT_FOUND, "unknown server");
        }
        long instanceId = Long.parseLong(server);
        Optional<byte[]> body = read(request);
        if (body.isEmpty()) {
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, "body too large");
        }
        String signature = request.getHeader("Stripe-Signature");
        Optional<String> secret = accounts.webhookSecret(instanceId);
        if (signature == null || signature.isBlank() || secret.isEmpty()) {
            return refuse(HttpStatus.BAD_REQUEST, "missing signature or no webhook secret for this server");
        }
        String payload = new String(body.get(), StandardCharsets.UTF_8);
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, secret.get(),
                    settings.signatureTolerance().toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            return refuse(HttpStatus.BAD_REQUEST, "signature does not verify");
        } catch (RuntimeException e) { // the signature held but the body is no event (malformed JSON)
            return refuse(HttpStatus.BAD_REQUEST, "not a Stripe event");
        }
        if (event.getId() == null || event.getType() == null || event.getLivemode() == null
                || event.getCreated() == null) {
            return refuse(HttpStatus.BAD_REQUEST, "not a Stripe event");
        }
        boolean live = accounts.find(instanceId).map(StripeAccount::livemode).orElse(false);
        if (event.getLivemode() != live) {
            return refuse(HttpStatus.BAD_REQUEST, live ? "test event sent to a live account" : "live event sent to a test account");
        }
        boolean stored = inbox.store(instanceId, event.getId(), event.getType(), event.getApiVersion(), live,
                Instant.ofEpochSecond(event.getCreated()), payload);
        return ResponseEntity.ok(Map.of("received", true, "duplicate", !stored));
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

    private static ResponseEntity<Map<String, Object>> refuse(HttpStatus status, String reason) {
        log.info("Stripe webhook refused ({}): {}", status.value(), reason);
        return ResponseEntity.status(status).body(Map.of("error", reason));
    }
}
