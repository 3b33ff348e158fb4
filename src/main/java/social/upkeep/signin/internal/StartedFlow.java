package social.upkeep.signin.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import social.upkeep.shared.ReturnPaths;

/**
 * A sign-in or connection someone started from one of Upkeep's own forms, kept in their session. Only a started
 * flow may be sent to a server's authorisation page, and its end (success or failure) knows where to go back.
 * {@code previous}: who was signed in when an operator started connecting; they stay signed in afterwards.
 * {@code next}: the support page a supporter was going to (checked by {@link ReturnPaths}), where they return.
 */
record StartedFlow(Purpose purpose, String registrationId, @Nullable Long instanceId,
        @Nullable Authentication previous, @Nullable String next) implements Serializable {

    private static final String ATTRIBUTE = StartedFlow.class.getName();

    /** POSTING: an operator grants the server's notice account (posts and direct messages) to Upkeep. */
    enum Purpose { CONNECT, OPERATOR, SUPPORTER, POSTING;

        /** An operator's own session goes on after the flow: the account granted is not who signs in. */
        boolean keepsWhoStarted() {
            return this == CONNECT || this == POSTING;
        }
    }

    void start(HttpServletRequest request) {
        request.getSession().setAttribute(ATTRIBUTE, this);
    }

    static Optional<StartedFlow> of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? Optional.empty()
                : Optional.ofNullable((StartedFlow) session.getAttribute(ATTRIBUTE));
    }

    String failureUrl() {
        return switch (purpose) {
            case CONNECT -> "/operator/servers/" + instanceId + "/connection";
            case POSTING -> "/operator/servers/" + instanceId + "/posting";
            case OPERATOR -> "/signin";
            case SUPPORTER -> ReturnPaths.withNext("/signin/supporter", next);
        };
    }

    String successUrl() {
        return switch (purpose) {
            case CONNECT -> "/operator/servers/" + instanceId + "/connection";
            case POSTING -> "/operator/servers/" + instanceId + "/posting";
            case OPERATOR -> "/operator/servers/" + instanceId;
            case SUPPORTER -> ReturnPaths.support(next).orElse("/me");
        };
    }

    /** Registration ids say what the flow is for and which app it uses: {@code connect-7-3}, {@code supporter-3}. */
    static String registrationId(Purpose purpose, @Nullable Long instanceId, long appId) {
        String prefix = purpose.name().toLowerCase(Locale.ROOT);
        return instanceId == null ? prefix + "-" + appId : prefix + "-" + instanceId + "-" + appId;
    }

    record Parsed(Purpose purpose, @Nullable Long instanceId, long appId) {
    }

    static Optional<Parsed> parse(String registrationId) {
        String[] parts = registrationId.split("-");
        try {
            Purpose purpose = Purpose.valueOf(parts[0].toUpperCase(Locale.ROOT));
            if (purpose == Purpose.SUPPORTER && parts.length == 2) {
                return Optional.of(new Parsed(purpose, null, Long.parseLong(parts[1])));
            }
            if (purpose != Purpose.SUPPORTER && parts.length == 3) {
                return Optional.of(new Parsed(purpose, Long.parseLong(parts[1]), Long.parseLong(parts[2])));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
